/**
 * Hands results to `onNext` in index order, whatever order they arrive in: analyses run side by
 * side, rows are printed in the scene set's order.
 */
export class ResultOrderer<T> {
  private readonly slots: (T | undefined)[];
  private next = 0;

  constructor(
    size: number,
    private readonly onNext?: (value: T) => void,
  ) {
    this.slots = new Array<T | undefined>(size).fill(undefined);
  }

  set(index: number, value: T): void {
    if (index < 0 || index >= this.slots.length || this.slots[index] !== undefined) throw new Error(`result ${index} is out of range or already set`);
    this.slots[index] = value;
    for (let ready = this.slots[this.next]; ready !== undefined; ready = this.slots[this.next]) {
      this.next += 1;
      this.onNext?.(ready);
    }
  }

  /** Every result, in order; throws if one is missing. */
  all(): T[] {
    if (this.next < this.slots.length) throw new Error(`result ${this.next} of ${this.slots.length} is missing`);
    return [...this.slots] as T[];
  }
}
