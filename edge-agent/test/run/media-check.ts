import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

/** What ffprobe says of a clip, after ffmpeg decoded every frame of it without an error. */
/**
 * A clip that decodes without a single error (or, `damaged`, one recorded over a lossy link whose
 * broken pictures are errors, that still decodes to the end), with its facts.
 */
export async function playableClip(path: string, options: { damaged?: boolean } = {}): Promise<{ codec: string; durationSeconds: number; width: number; height: number; audioCodec: string | null }> {
  const decode = await run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', path, '-f', 'null', '-']);
  if (decode.stderr.trim() !== '' && !options.damaged) throw new Error(`decoding ${path} reported errors:\n${decode.stderr}`);
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', path]);
  const probe = JSON.parse(stdout) as { streams: { codec_name: string; width: number; height: number }[]; format: { duration: string } };
  const stream = probe.streams[0];
  if (!stream) throw new Error(`${path} has no video stream`);
  const audio = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', path]);
  return { codec: stream.codec_name, durationSeconds: Number(probe.format.duration), width: stream.width, height: stream.height, audioCodec: audio.stdout.trim() || null };
}

export async function jpegSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes).metadata();
  if (meta.format !== 'jpeg') throw new Error(`expected a JPEG, got ${meta.format}`);
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}
