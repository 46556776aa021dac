import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The one codec every browser plays in MP4 without a hardware decoder or a licence. */
export const PLAYABLE_CODEC = 'h264';

/** The video codec of an MP4 (ffprobe's name: `h264`, `hevc`...). */
export async function videoCodec(path: string): Promise<string> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', path]);
  const codec = stdout.trim().split('\n')[0];
  if (!codec) throw new Error('the clip has no video stream');
  return codec;
}

/**
 * An H.264 copy of a clip for viewing in the browser: H.265 (many cameras' main stream) plays in
 * no stock Chromium or Firefox. The sound, when the evidence has one, as AAC; the moov atom first
 * so playback starts while it loads.
 * Written into `workDir` (see withWorkDir), whose owner reads it before the folder goes.
 */
export async function encodePlayableCopy(input: string, workDir: string): Promise<string> {
  const out = join(workDir, 'view.mp4');
  await run('ffmpeg', [
    '-hide_banner', '-nostdin', '-v', 'error', '-y', '-i', input,
    '-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k',
    '-movflags', '+faststart', '-f', 'mp4', out,
  ], { maxBuffer: 1024 * 1024 });
  return out;
}

/** Runs `work` in a temporary folder that is removed whatever happens. */
export async function withWorkDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ww-view-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
