/*
 * The order of the pending queue under each filter, as last seen. A case screen opens with it at
 * once, so J and K work before that screen's own copy of the queue has arrived.
 */
const lists = new Map<string, string[]>();

export function rememberQueue(filterKey: string, ids: readonly string[]): void {
  lists.set(filterKey, [...ids]);
}

export function rememberedQueue(filterKey: string): string[] | undefined {
  return lists.get(filterKey);
}

/** A decided case leaves every remembered queue. */
export function forgetCase(id: string): void {
  for (const [key, ids] of lists) lists.set(key, ids.filter((i) => i !== id));
}

/** Another person may sign in next on this browser: nothing of the last one's queue stays. */
export function forgetAllQueues(): void {
  lists.clear();
}
