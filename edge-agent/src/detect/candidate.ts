/** A raw decoded box in model-input pixels (letterboxed), before NMS and mapping back. */
export interface Candidate {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  score: number;
  classId: number;
}

/** Per-class minimum scores, indexed by class id; the decoder's only knowledge of settings. */
export interface ClassThresholds {
  byClass: Float32Array;
  /** The lowest of all thresholds: rows below it are skipped before looking at classes. */
  min: number;
}

export function uniformThresholds(classCount: number, threshold: number): ClassThresholds {
  return { byClass: new Float32Array(classCount).fill(threshold), min: threshold };
}

/** Pushes every class of one row that clears its own threshold (multi-label, as YOLOX's class-aware NMS). */
export function pushClasses(
  out: Candidate[],
  data: Float32Array,
  classStart: number,
  classStride: number,
  classCount: number,
  gain: number,
  thresholds: ClassThresholds,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): void {
  const byClass = thresholds.byClass;
  for (let c = 0; c < classCount; c++) {
    const score = data[classStart + c * classStride]! * gain;
    if (score >= byClass[c]!) out.push({ x1, y1, x2, y2, score, classId: c });
  }
}
