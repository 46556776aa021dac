import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Frame, Letterbox, PixelFormat } from '../../src/ingest/frame.js';
import { sharedDir } from '../../src/paths.js';

export const fixturePath = (name: string): string => join(sharedDir(), 'fixtures', name);
export const modelPath = (): string => join(sharedDir(), 'models', 'yolox_nano.onnx');

async function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`${command} exited ${code}: ${err.slice(-500)}`))));
  });
}

export async function probeSize(file: string): Promise<{ width: number; height: number }> {
  const out = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file]);
  const [width, height] = out.toString().trim().split(',').map(Number);
  return { width: width!, height: height! };
}

/** The letterbox ingest applies: keep aspect ratio, fit inside size x size, pad right/bottom. */
export function letterboxFor(srcWidth: number, srcHeight: number, size: number): Letterbox {
  const scale = Math.min(size / srcWidth, size / srcHeight);
  return { srcWidth, srcHeight, scale, contentWidth: Math.round(srcWidth * scale), contentHeight: Math.round(srcHeight * scale) };
}

export interface DecodeOptions {
  size?: number;
  /** Seek here (seconds) before decoding. */
  start?: number;
  fps?: number;
  maxFrames?: number;
  /** Seconds of video to decode. */
  duration?: number;
  /** Extra passes over the file (ffmpeg -stream_loop), to make a short clip a long scene. */
  loops?: number;
  cameraId?: string;
  pixelFormat?: PixelFormat;
}

/** Decodes a fixture into letterboxed frames exactly as ingest delivers them, each with its own buffer. */
export async function decodeFixture(name: string, options: DecodeOptions = {}): Promise<Frame[]> {
  const file = fixturePath(name);
  const size = options.size ?? 416;
  const { width, height } = await probeSize(file);
  const letterbox = letterboxFor(width, height, size);
  const filters = [
    ...(options.fps ? [`fps=${options.fps}`] : []),
    `scale=${letterbox.contentWidth}:${letterbox.contentHeight}`,
    `pad=${size}:${size}:0:0:color=0x727272`,
  ];
  const pixelFormat = options.pixelFormat ?? 'bgr24';
  const args = ['-v', 'error', ...(options.loops ? ['-stream_loop', String(options.loops)] : []), ...(options.start ? ['-ss', String(options.start)] : [])];
  args.push('-i', file, ...(options.duration ? ['-t', String(options.duration)] : []), '-vf', filters.join(','), '-an');
  if (options.maxFrames) args.push('-frames:v', String(options.maxFrames));
  args.push('-f', 'rawvideo', '-pix_fmt', pixelFormat, 'pipe:1');
  const raw = await run('ffmpeg', args);
  const frameBytes = size * size * 3;
  const frames: Frame[] = [];
  const step = 1000 / (options.fps ?? 10);
  for (let seq = 0; (seq + 1) * frameBytes <= raw.length; seq++) {
    frames.push({
      cameraId: options.cameraId ?? name.replace(/\.[a-z0-9]+$/, ''),
      seq,
      timestampMs: Math.round((options.start ?? 0) * 1000 + seq * step),
      width: size,
      height: size,
      pixelFormat,
      data: new Uint8Array(raw.subarray(seq * frameBytes, (seq + 1) * frameBytes)),
      letterbox,
    });
  }
  return frames;
}
