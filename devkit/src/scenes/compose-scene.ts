import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../paths.js';
import { pathExpression, type SceneSpec } from './scene-spec.js';

const run = promisify(execFile);

/**
 * Renders a scene to H.264 MP4 (keyframe every 2 s so clips can be cut with -c copy) and
 * returns its path. Cached by the spec's content, so tests and the demo share the file.
 */
export async function composeScene(spec: SceneSpec, outDir: string = cacheDir('scenes')): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
  const out = join(outDir, `${spec.name}-${hash}.mp4`);
  if (await exists(out)) return out;
  await mkdir(outDir, { recursive: true });

  const args = ['-hide_banner', '-loglevel', 'error', '-y'];
  args.push('-ss', String(spec.background.atSeconds), '-i', spec.background.file);
  for (const sprite of spec.sprites) args.push('-ss', String(sprite.atSeconds), '-i', sprite.file);

  const filters: string[] = [];
  // One still background frame, held for the whole scene at the scene's fps.
  filters.push(`[0:v]trim=end_frame=1,loop=loop=-1:size=1,fps=${spec.fps},trim=duration=${spec.durationSeconds},setpts=PTS-STARTPTS,format=yuv420p[bg0]`);
  let previous = 'bg0';
  spec.sprites.forEach((sprite, index) => {
    const { x, y, w, h } = sprite.crop;
    const scale = sprite.scale ?? 1;
    const size = scale === 1 ? '' : `,scale=${Math.round(w * scale)}:${Math.round(h * scale)}`;
    filters.push(`[${index + 1}:v]trim=end_frame=1,crop=${w}:${h}:${x}:${y}${size},loop=loop=-1:size=1,fps=${spec.fps},setpts=PTS-STARTPTS[s${index}]`);
    const first = sprite.path[0]!.t;
    const last = sprite.path[sprite.path.length - 1]!.t;
    const next = `bg${index + 1}`;
    filters.push(
      `[${previous}][s${index}]overlay=x='${pathExpression(sprite.path, 'x')}':y='${pathExpression(sprite.path, 'y')}':enable='between(t,${first},${last})':eof_action=repeat[${next}]`,
    );
    previous = next;
  });
  const noise = spec.noise ?? 0;
  filters.push(noise > 0 ? `[${previous}]noise=alls=${noise}:allf=t[out]` : `[${previous}]null[out]`);

  const temp = `${out}.${process.pid}.part.mp4`;
  args.push('-filter_complex', filters.join(';'), '-map', '[out]', '-t', String(spec.durationSeconds));
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-g', String(Math.round(spec.fps * 2)), '-movflags', '+faststart', temp);
  try {
    await run('ffmpeg', args, { maxBuffer: 4 * 1024 * 1024 });
    await rename(temp, out);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`composing scene ${spec.name} failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    // Not rendered yet.
    return false;
  }
}
