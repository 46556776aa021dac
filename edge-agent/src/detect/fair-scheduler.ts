/**
 * One slot per camera holding only its newest pending item, served round-robin: a busy camera
 * can never delay another by more than one turn, and a detector that falls behind sees the
 * freshest picture of each camera instead of a growing backlog (newest wins, the rest is dropped).
 */
export class FairScheduler<T> {
  private readonly slots = new Map<string, T | undefined>();
  private order: string[] = [];
  private cursor = 0;
  private pending = 0;

  /** Puts `item` in the camera's slot; returns the older item it displaced, which the caller counts as dropped. */
  offer(cameraId: string, item: T): T | undefined {
    if (!this.slots.has(cameraId)) this.order.push(cameraId);
    const displaced = this.slots.get(cameraId);
    if (displaced === undefined) this.pending++;
    this.slots.set(cameraId, item);
    return displaced;
  }

  /** The next camera's item in round-robin order, or undefined when every slot is empty. */
  next(): { cameraId: string; item: T } | undefined {
    if (this.pending === 0) return undefined;
    for (let i = 0; i < this.order.length; i++) {
      const index = (this.cursor + i) % this.order.length;
      const cameraId = this.order[index]!;
      const item = this.slots.get(cameraId);
      if (item === undefined) continue;
      this.slots.set(cameraId, undefined);
      this.pending--;
      this.cursor = (index + 1) % this.order.length;
      return { cameraId, item };
    }
    return undefined;
  }

  /** Forgets a camera; returns its pending item, if any. */
  remove(cameraId: string): T | undefined {
    const item = this.slots.get(cameraId);
    if (item !== undefined) this.pending--;
    this.slots.delete(cameraId);
    const index = this.order.indexOf(cameraId);
    if (index >= 0) {
      this.order.splice(index, 1);
      if (this.cursor > index) this.cursor--;
      if (this.cursor >= this.order.length) this.cursor = 0;
    }
    return item;
  }

  get depth(): number {
    return this.pending;
  }
}
