/**
 * A short queue per camera, served round-robin: a busy camera can never delay another by more
 * than one turn, and a detector that falls behind sees fresh pictures of each camera instead of
 * a growing backlog. A camera's queue holds at most `perCamera` items; a newer item past that
 * drops the oldest.
 *
 * Two per camera by default: cameras' frames arrive together at times (a site's cameras start
 * at once; motion reaches several views at once), and a turn of the rotation can then last a
 * little longer than one frame interval while the detector is far from busy on average. One
 * frame of slack per camera rides out such a burst instead of dropping a frame the tracker
 * needs; a detector that is really too slow still drops the oldest frames, and never holds a
 * camera more than `perCamera` frames behind.
 */
export class FairScheduler<T> {
  private readonly queues = new Map<string, T[]>();
  private order: string[] = [];
  private cursor = 0;
  private pending = 0;

  constructor(private readonly perCamera = 2) {
    if (!Number.isInteger(perCamera) || perCamera < 1) throw new RangeError(`a camera's queue holds at least one item, not ${perCamera}`);
  }

  /** Queues `item` for the camera; returns the oldest item it displaced, which the caller counts as dropped. */
  offer(cameraId: string, item: T): T | undefined {
    let queue = this.queues.get(cameraId);
    if (!queue) {
      queue = [];
      this.queues.set(cameraId, queue);
      this.order.push(cameraId);
    }
    queue.push(item);
    if (queue.length <= this.perCamera) {
      this.pending++;
      return undefined;
    }
    return queue.shift();
  }

  /** The oldest item of the next camera in round-robin order, or undefined when every queue is empty. */
  next(): { cameraId: string; item: T } | undefined {
    if (this.pending === 0) return undefined;
    for (let i = 0; i < this.order.length; i++) {
      const index = (this.cursor + i) % this.order.length;
      const cameraId = this.order[index]!;
      const queue = this.queues.get(cameraId)!;
      if (queue.length === 0) continue;
      this.pending--;
      this.cursor = (index + 1) % this.order.length;
      return { cameraId, item: queue.shift()! };
    }
    return undefined;
  }

  /** Forgets a camera; returns its waiting items, oldest first. */
  remove(cameraId: string): T[] {
    const queue = this.queues.get(cameraId) ?? [];
    this.pending -= queue.length;
    this.queues.delete(cameraId);
    const index = this.order.indexOf(cameraId);
    if (index >= 0) {
      this.order.splice(index, 1);
      if (this.cursor > index) this.cursor--;
      if (this.cursor >= this.order.length) this.cursor = 0;
    }
    return queue;
  }

  get depth(): number {
    return this.pending;
  }
}
