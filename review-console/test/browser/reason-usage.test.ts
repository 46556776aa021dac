import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/* The web UI is its own TypeScript project; its modules are loaded by URL (see ui-words-format.test.ts). */
type Decision = 'confirmed' | 'dismissed';
type Rule = 'illegal_parking' | 'sidewalk_encroachment' | 'littering';
const { countReason, preferredReason } = (await import(new URL('../../web/src/components/reason-usage.js', import.meta.url).href)) as {
  countReason: (decision: Decision, rule: Rule, reason: string) => void;
  preferredReason: (decision: Decision, rule: Rule, offered: readonly string[]) => string;
};

/** The browser's localStorage, as far as the decision dialog uses it. */
interface FakeStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function fakeStorage(): FakeStorage {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
}

let storage: FakeStorage;

describe('the reason a decision dialog preselects', () => {
  beforeEach(() => {
    storage = fakeStorage();
    (globalThis as { window?: unknown }).window = { localStorage: storage };
  });
  afterEach(() => {
    delete (globalThis as { window?: unknown }).window;
  });

  it('is the first offered on a fresh browser, then the one this officer picks most for that decision and rule', () => {
    const offered = ['clear_violation', 'repeat_offender', 'other'];
    expect(preferredReason('confirmed', 'illegal_parking', offered)).toBe('clear_violation');
    countReason('confirmed', 'illegal_parking', 'repeat_offender');
    countReason('confirmed', 'illegal_parking', 'repeat_offender');
    countReason('confirmed', 'illegal_parking', 'clear_violation');
    expect(preferredReason('confirmed', 'illegal_parking', offered)).toBe('repeat_offender');
    // Counted per rule and decision: another rule still starts from its first reason.
    expect(preferredReason('confirmed', 'littering', offered)).toBe('clear_violation');
    expect(preferredReason('dismissed', 'illegal_parking', ['false_alarm', 'unclear_footage'])).toBe('false_alarm');
    // A reason no longer offered is never preselected.
    expect(preferredReason('confirmed', 'illegal_parking', ['clear_violation', 'other'])).toBe('clear_violation');
  });

  it('falls back to the first reason when the stored counts are unreadable', () => {
    storage.setItem('wardwatch.reasonUsage.v1', 'not json{');
    expect(preferredReason('confirmed', 'illegal_parking', ['clear_violation', 'other'])).toBe('clear_violation');
  });
});
