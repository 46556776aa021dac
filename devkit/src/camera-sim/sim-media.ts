import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';
import { cacheDir } from '../paths.js';

const run = promisify(execFile);
/** Part of the cache key: bump it when the transcode settings change. */
const TRANSCODE_RECIPE = 'x264-g2s-bf0';

/**
 * By default the simulator serves H.264 in MP4 without B-frames, like most street cameras' sub-
 * stream (cameraStreamMedia makes the other kinds a test asks for). Any other clip (the MPEG-4
 * Part 2 fixtures, the B-frame H.264 ones) is transcoded once into
 * `<repo>/.cache/sim/`, keyed by the source's path, size and mtime, with a key frame every 2 s
 * like a typical camera sub-stream.
 */
export async function simulatorMedia(file: string, dir: string = cacheDir('sim')): Promise<string> {
  if (extname(file).toLowerCase() === '.mp4' && (await videoStream(file)) === 'h264,0') return file;
  return cachedEncoding(file, TRANSCODE_RECIPE, '', '.mp4', dir, async (partial) => {
    const fps = await frameRate(file);
    const gop = String(Math.max(1, Math.round(fps * 2)));
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', file, '-map', '0:v:0', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', gop, '-bf', '0', '-movflags', '+faststart', partial]);
  });
}

/**
 * `<dir>/<clip name><tag>-<key>.<ext>`, keyed by the recipe and the source's path, size and mtime,
 * made by `encode` into a partial file when missing. The rename is atomic: a parallel test never
 * sees a half-written clip.
 */
async function cachedEncoding(file: string, recipe: string, tag: string, ext: string, dir: string, encode: (partial: string) => Promise<void>): Promise<string> {
  const info = await stat(file);
  const key = createHash('sha256').update(`${recipe}:${file}:${info.size}:${info.mtimeMs}`).digest('hex').slice(0, 12);
  const out = join(dir, `${basename(file, extname(file))}${tag}-${key}${ext}`);
  try {
    await stat(out);
    return out;
  } catch {
    // Not encoded yet: do it below.
  }
  await mkdir(dir, { recursive: true });
  const partial = `${out}.${process.pid}.part${ext}`;
  await encode(partial);
  await rename(partial, out);
  return out;
}

/** `codec,has_b_frames`, e.g. `h264,0`. */
async function videoStream(file: string): Promise<string> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,has_b_frames', '-of', 'csv=p=0', file]);
  return stdout.trim();
}

/** How a simulated camera encodes its stream (a camera matrix row); see cameraStreamMedia. */
export interface StreamEncoding {
  codec: 'h264' | 'h265';
  /** B-frames between references (x264/x265 `-bf`); 0 like most street cameras, 2-3 like many NVRs. */
  bFrames?: number;
  /** Frames per second of the stream (default: the source's). */
  fps?: number;
  /** Picture width, height following the aspect ratio (default: the source's). */
  width?: number;
  /** Key frame interval in seconds (default 2). */
  gopSeconds?: number;
  /**
   * From this second of the clip on, the picture has this size (an installer changed the camera's
   * settings): the stream is then MPEG-TS, whose in-band parameter sets carry the change, and on
   * every loop it changes back and again.
   */
  resize?: { atSeconds: number; width: number; height: number };
}

/**
 * The clip encoded as a camera would send it (codec, B-frames, frame rate, size), cached in
 * `<repo>/.cache/sim/` by source and settings. MOV, which the simulator's demuxer reads for both
 * codecs; H.265 is tagged hvc1, as cameras' MP4 recordings are.
 */
export async function cameraStreamMedia(file: string, encoding: StreamEncoding, dir: string = cacheDir('sim')): Promise<string> {
  const { codec, bFrames = 0, fps, width, gopSeconds = 2, resize } = encoding;
  const recipe = `${codec}-bf${bFrames}-fps${fps ?? 'src'}-w${width ?? 'src'}-g${gopSeconds}${resize ? `-at${resize.atSeconds}-${resize.width}x${resize.height}` : ''}`;
  return cachedEncoding(file, recipe, `-${recipe}`, resize ? '.ts' : '.mov', dir, async (partial) => {
    const rate = fps ?? (await frameRate(file));
    const gop = String(Math.max(1, Math.round(rate * gopSeconds)));
    const rateFilter = fps ? [`fps=${fps}`] : [];
    const video = codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', String(bFrames)]
      : ['-c:v', 'libx265', '-preset', 'veryfast', '-x265-params', `bframes=${bFrames}:log-level=error`, '-tag:v', 'hvc1'];
    const encode = (input: string[], filters: string[], output: string[]) =>
      run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...input, '-map', '0:v:0', ...(filters.length > 0 ? ['-vf', filters.join(',')] : []), ...video, '-g', gop, '-pix_fmt', 'yuv420p', ...output]);
    if (!resize) {
      await encode(['-i', file], [...rateFilter, ...(width ? [`scale=${width}:-2`] : [])], [partial]);
      return;
    }
    // Two runs of one MPEG-TS stream, the second's clock following on, joined byte for byte.
    const before = `${partial}.a.ts`;
    const after = `${partial}.b.ts`;
    try {
      await encode(['-t', String(resize.atSeconds), '-i', file], [...rateFilter, ...(width ? [`scale=${width}:-2`] : [])], ['-f', 'mpegts', before]);
      await encode(['-ss', String(resize.atSeconds), '-i', file], [...rateFilter, `scale=${resize.width}:${resize.height}`, 'setsar=1'], ['-output_ts_offset', String(resize.atSeconds), '-f', 'mpegts', after]);
      await writeFile(partial, Buffer.concat([await readFile(before), await readFile(after)]));
    } finally {
      await rm(before, { force: true });
      await rm(after, { force: true });
    }
  });
}

async function frameRate(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=r_frame_rate', '-of', 'csv=p=0', file]);
  const [num, den] = stdout.trim().split('/').map(Number);
  return num && den ? num / den : 25;
}
