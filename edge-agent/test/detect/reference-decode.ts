import ort from 'onnxruntime-node';
import type { Frame } from '../../src/ingest/frame.js';

/*
 * The reference decode from issue 4 / MODELS.md, written the plain way (index helpers, a grid
 * table, per-class NMS like YOLOX's demo `multiclass_nms`): it shares no code with
 * src/detect, so the golden file it produced checks the production path independently.
 */
export interface ReferenceDetection {
  className: string;
  score: number;
  /** Fractions of the source picture. */
  box: [number, number, number, number];
}

export async function referenceDetect(
  session: ort.InferenceSession,
  frame: Frame,
  classes: readonly string[],
  scoreThreshold = 0.3,
  nmsThreshold = 0.45,
): Promise<ReferenceDetection[]> {
  const size = frame.width;
  const input = new Float32Array(3 * size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        // frame is BGR, the model wants BGR: channel c of pixel (x, y) goes to plane c.
        input[c * size * size + y * size + x] = frame.data[(y * size + x) * 3 + c]!;
      }
    }
  }
  const result = await session.run({ images: new ort.Tensor('float32', input, [1, 3, size, size]) });
  const output = result.output!.data as Float32Array;
  const grids: [number, number, number][] = [];
  for (const stride of [8, 16, 32]) {
    const n = size / stride;
    for (let gy = 0; gy < n; gy++) for (let gx = 0; gx < n; gx++) grids.push([gx, gy, stride]);
  }
  const width = 5 + classes.length;
  const perClass = new Map<number, { score: number; box: [number, number, number, number] }[]>();
  grids.forEach(([gx, gy, stride], row) => {
    const at = (k: number): number => output[row * width + k]!;
    const cx = (at(0) + gx) * stride;
    const cy = (at(1) + gy) * stride;
    const w = Math.exp(at(2)) * stride;
    const h = Math.exp(at(3)) * stride;
    for (let c = 0; c < classes.length; c++) {
      const score = at(4) * at(5 + c);
      if (score <= scoreThreshold) continue;
      const list = perClass.get(c) ?? [];
      list.push({ score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
      perClass.set(c, list);
    }
  });
  const out: ReferenceDetection[] = [];
  for (const [c, list] of perClass) {
    list.sort((a, b) => b.score - a.score);
    const keep: typeof list = [];
    for (const cand of list) if (keep.every((k) => referenceIou(k.box, cand.box) <= nmsThreshold)) keep.push(cand);
    for (const k of keep) {
      const s = frame.letterbox.scale;
      const box = [
        Math.min(1, Math.max(0, k.box[0] / s / frame.letterbox.srcWidth)),
        Math.min(1, Math.max(0, k.box[1] / s / frame.letterbox.srcHeight)),
        Math.min(1, Math.max(0, k.box[2] / s / frame.letterbox.srcWidth)),
        Math.min(1, Math.max(0, k.box[3] / s / frame.letterbox.srcHeight)),
      ] as [number, number, number, number];
      out.push({ className: classes[c]!, score: k.score, box });
    }
  }
  return out.sort((a, b) => b.score - a.score);
}

export function referenceIou(a: readonly number[], b: readonly number[]): number {
  const ix = Math.max(0, Math.min(a[2]!, b[2]!) - Math.max(a[0]!, b[0]!));
  const iy = Math.max(0, Math.min(a[3]!, b[3]!) - Math.max(a[1]!, b[1]!));
  const inter = ix * iy;
  const union = (a[2]! - a[0]!) * (a[3]! - a[1]!) + (b[2]! - b[0]!) * (b[3]! - b[1]!) - inter;
  return union > 0 ? inter / union : 0;
}
