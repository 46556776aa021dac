import type { Detection, FrameDetections } from './detection.js';

interface Entry {
  seq: number;
  timestampMs: number;
  inferred: boolean;
  done: boolean;
  detections: Detection[];
  /** The frame's pixels, handed back with its result (DetectorPool.submit's keepPixels). */
  pixels?: Uint8Array;
}

/**
 * Puts results back into each camera's frame order: two workers may finish frames 7 and 8 of
 * one camera in either order, and a frame the motion gate skipped must wait for the frame
 * before it, whose detections it reuses. The tracker downstream sees seq strictly increasing.
 */
export class ResultOrder {
  private readonly queues = new Map<string, Entry[]>();
  private readonly last = new Map<string, Detection[]>();

  /** Registers a frame that went to the detector; its result comes later through complete(). */
  expectInferred(cameraId: string, seq: number, timestampMs: number): void {
    this.queue(cameraId).push({ seq, timestampMs, inferred: true, done: false, detections: [] });
  }

  /**
   * Registers a frame the gate skipped; it is delivered, in order, with the detections before it
   * (and with `pixels`, when given, so its subscriber gets the frame back).
   */
  addGated(cameraId: string, seq: number, timestampMs: number, pixels?: Uint8Array): FrameDetections[] {
    this.queue(cameraId).push({ seq, timestampMs, inferred: false, done: true, detections: [], ...(pixels ? { pixels } : {}) });
    return this.flush(cameraId);
  }

  /** Whether an inferred frame still waits for its result (not cancelled, its camera not forgotten). */
  expects(cameraId: string, seq: number): boolean {
    return this.queues.get(cameraId)?.some((e) => e.seq === seq && e.inferred) ?? false;
  }

  complete(cameraId: string, seq: number, detections: Detection[], pixels?: Uint8Array): FrameDetections[] {
    const entry = this.queues.get(cameraId)?.find((e) => e.seq === seq && e.inferred);
    if (!entry) return [];
    entry.done = true;
    entry.detections = detections;
    if (pixels) entry.pixels = pixels;
    return this.flush(cameraId);
  }

  /** A frame dropped for a newer one (or failed) leaves the order without a result. */
  cancel(cameraId: string, seq: number): FrameDetections[] {
    const queue = this.queues.get(cameraId);
    const index = queue?.findIndex((e) => e.seq === seq && e.inferred) ?? -1;
    if (!queue || index < 0) return [];
    queue.splice(index, 1);
    return this.flush(cameraId);
  }

  waiting(cameraId?: string): number {
    if (cameraId !== undefined) return this.queues.get(cameraId)?.length ?? 0;
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  forget(cameraId: string): void {
    this.queues.delete(cameraId);
    this.last.delete(cameraId);
  }

  private queue(cameraId: string): Entry[] {
    let queue = this.queues.get(cameraId);
    if (!queue) {
      queue = [];
      this.queues.set(cameraId, queue);
    }
    return queue;
  }

  private flush(cameraId: string): FrameDetections[] {
    const queue = this.queues.get(cameraId);
    const out: FrameDetections[] = [];
    while (queue && queue.length > 0 && queue[0]!.done) {
      const entry = queue.shift()!;
      const detections = entry.inferred ? entry.detections : (this.last.get(cameraId) ?? []);
      if (entry.inferred) this.last.set(cameraId, detections);
      out.push({ cameraId, seq: entry.seq, timestampMs: entry.timestampMs, detections, inferred: entry.inferred, ...(entry.pixels ? { pixels: entry.pixels } : {}) });
    }
    return out;
  }
}
