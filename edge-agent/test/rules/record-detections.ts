/*
 * Records the real model's detections on a clip (or a composed scene) as a small JSON fixture
 * for rule tests. Not part of the agent: run by hand when a fixture needs (re)making, e.g.
 *   npx tsx edge-agent/test/rules/record-detections.ts sidewalk-bag-left
 * Decodes with ffmpeg at 5 fps, letterboxes to 416 (BGR, pad 114), runs YOLOX-Nano with
 * onnxruntime-node, decodes per shared/models/MODELS.md, class-wise NMS.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { sharedDir } from '../../src/paths.js';
import { composeScene, fixturePath, parkingScene } from '@wardwatch/devkit';
import type { RecordedSequence } from './recorded-sequence.js';

interface Scene {
  description: string;
  file: string;
  width: number;
  height: number;
  fps: number;
}

const clip = (file: string, width: number, height: number) => async (): Promise<Scene> => ({ description: file, file: fixturePath(file), width, height, fps: 5 });

/**
 * A car (devkit's parkingScene: the real car of lot-car-cyclist.mp4 over the real empty lot)
 * that drives in from the left from 0 s, stands at x=330, y=200 px (of 768x432) from 4 s for
 * `stay` seconds, and leaves to the right in 4 s.
 */
const parkedCar = (stay: number) => async (): Promise<Scene> => {
  const spec = parkingScene({ name: `car-stays-${stay}s`, stop: { x: 330, y: 200 }, arriveAt: 0, driveSeconds: 4, staySeconds: stay, tailSeconds: 6 });
  return {
    description: `composed (devkit parkingScene): car from lot-car-cyclist.mp4@3s on lot-drive-through.mp4@1s, parked 4-${4 + stay} s at x=330,y=200 (768x432 px)`,
    file: await composeScene(spec),
    width: 768,
    height: 432,
    fps: 5,
  };
};

const scenes: Record<string, () => Promise<Scene>> = {
  'lot-drive-through': clip('lot-drive-through.mp4', 768, 432),
  'table-people-dwell': clip('table-people-dwell.mp4', 768, 432),
  'sidewalk-bag-left': clip('sidewalk-bag-left.avi', 720, 480),
  'car-parks-20s': parkedCar(20),
  'car-stops-6s': parkedCar(6),
};

const SIZE = 416;
const SCORE = 0.25;
const NMS_IOU = 0.45;

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const make = scenes[name];
  if (make === undefined) throw new Error(`unknown scene "${name}"; one of ${Object.keys(scenes).join(', ')}`);
  const scene = await make();
  const { width, height } = scene;
  const cw = SIZE;
  const ch = 2 * Math.round((SIZE * height) / width / 2);
  const args = ['-i', scene.file, '-filter_complex', `[0:v]fps=${scene.fps},scale=${cw}:${ch},pad=${SIZE}:${SIZE}:0:0:color=0x727272,format=bgr24[out]`, '-map', '[out]', '-f', 'rawvideo', '-'];
  const session = await ort.InferenceSession.create(join(sharedDir(), 'models', 'yolox_nano.onnx'), { intraOpNumThreads: 2 });
  const ff = spawn('ffmpeg', ['-loglevel', 'error', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const frameBytes = SIZE * SIZE * 3;
  const frames: RecordedSequence['frames'] = [];
  let pending = Buffer.alloc(0);
  const input = new Float32Array(3 * SIZE * SIZE);
  for await (const chunk of ff.stdout as AsyncIterable<Buffer>) {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= frameBytes) {
      const frame = pending.subarray(0, frameBytes);
      pending = pending.subarray(frameBytes);
      for (let i = 0, p = 0; i < SIZE * SIZE; i++, p += 3) {
        input[i] = frame[p]!;
        input[SIZE * SIZE + i] = frame[p + 1]!;
        input[2 * SIZE * SIZE + i] = frame[p + 2]!;
      }
      const out = await session.run({ images: new ort.Tensor('float32', input, [1, 3, SIZE, SIZE]) });
      const data = out.output!.data as Float32Array;
      const t = Math.round((frames.length * 1000) / scene.fps);
      frames.push([t, decode(data, cw, ch)]);
    }
  }
  const sequence: RecordedSequence = { source: scene.description, fps: scene.fps, width, height, scoreThreshold: SCORE, frames };
  const path = join(import.meta.dirname, 'recorded', `${name}.json`);
  writeFileSync(path, `${JSON.stringify(sequence)}\n`);
  process.stderr.write(`${frames.length} frames -> ${path}\n`);
}

function decode(data: Float32Array, cw: number, ch: number): [number, number, number, number, number, number][] {
  const rows: { c: number; s: number; b: [number, number, number, number] }[] = [];
  let row = 0;
  for (const stride of [8, 16, 32]) {
    const g = SIZE / stride;
    for (let gy = 0; gy < g; gy++) {
      for (let gx = 0; gx < g; gx++, row++) {
        const o = row * 85;
        const obj = data[o + 4]!;
        if (obj < SCORE) continue;
        let best = 0;
        let c = 0;
        for (let k = 0; k < 80; k++) {
          if (data[o + 5 + k]! > best) {
            best = data[o + 5 + k]!;
            c = k;
          }
        }
        const s = obj * best;
        if (s < SCORE) continue;
        const cx = (data[o]! + gx) * stride;
        const cy = (data[o + 1]! + gy) * stride;
        const w = Math.exp(data[o + 2]!) * stride;
        const h = Math.exp(data[o + 3]!) * stride;
        const f = (v: number, d: number): number => Math.round(Math.min(1, Math.max(0, v / d)) * 10_000) / 10_000;
        rows.push({ c, s, b: [f(cx - w / 2, cw), f(cy - h / 2, ch), f(cx + w / 2, cw), f(cy + h / 2, ch)] });
      }
    }
  }
  rows.sort((a, b) => b.s - a.s);
  const kept: typeof rows = [];
  for (const r of rows) {
    if (kept.some((k) => k.c === r.c && iou(k.b, r.b) > NMS_IOU)) continue;
    kept.push(r);
  }
  return kept.map((k) => [k.c, Math.round(k.s * 1000) / 1000, ...k.b]);
}

function iou(a: [number, number, number, number], b: [number, number, number, number]): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const i = w * h;
  return i / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i);
}

await main();
