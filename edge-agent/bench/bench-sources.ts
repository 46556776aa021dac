import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchSource {
  fixture: string;
  file: string;
  width: number;
  height: number;
  durationSeconds: number;
}

function run(args: string[], command = 'ffmpeg'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err.slice(-400)}`))));
  });
}

/**
 * Re-encodes fixtures the way a camera's detect sub-stream looks (H.264, at most 640x360, at
 * the detect fps) into a temporary folder, so the benchmark decodes what an agent would.
 */
export async function prepareSources(fixtureDir: string, fixtures: readonly string[], fps: number): Promise<{ sources: BenchSource[]; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wardwatch-bench-'));
  const sources = await Promise.all(
    fixtures.map(async (fixture) => {
      const file = join(dir, `${fixture.replace(/\.[a-z0-9]+$/, '')}.mp4`);
      const filter = `fps=${fps},scale='min(640,iw)':'min(360,ih)':force_original_aspect_ratio=decrease:force_divisible_by=2`;
      await run(['-v', 'error', '-i', join(fixtureDir, fixture), '-vf', filter, '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-g', String(fps * 2), '-bf', '0', '-y', file]);
      const probe = await run(['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height:format=duration', '-of', 'default=nw=1', file], 'ffprobe');
      const field = (name: string): number => Number(/^(\w+)=(.*)$/m.exec(probe.split('\n').find((l) => l.startsWith(`${name}=`)) ?? '')?.[2]);
      return { fixture, file, width: field('width'), height: field('height'), durationSeconds: field('duration') };
    }),
  );
  return { sources, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
