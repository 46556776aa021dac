import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil } from '@wardwatch/devkit';
import type { Page } from 'playwright-core';

export const SCREENSHOTS = join(import.meta.dirname, '../../../test-results/screenshots');

/**
 * Writes `<name>.png` for a person to look at; the file name says language, screen and size.
 * `fullPage` also captures what lies below the fold (long screens such as the dashboard).
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize();
  const path = join(SCREENSHOTS, `${name}-${size?.width ?? 0}x${size?.height ?? 0}${options.fullPage ? '-full' : ''}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

/** Pixels the page sticks out sideways; 0 means no horizontal scroll bar, i.e. no layout break. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

export function currentCaseId(page: Page): string {
  const match = /\/cases\/([^/?]+)/.exec(new URL(page.url()).pathname);
  if (!match?.[1]) throw new Error(`not on a case page: ${page.url()}`);
  return decodeURIComponent(match[1]);
}

export async function rowIds(page: Page, attribute = 'data-case-id'): Promise<string[]> {
  const rows = page.locator(`tbody tr[${attribute}]`);
  const ids: string[] = [];
  for (let i = 0, n = await rows.count(); i < n; i += 1) ids.push((await rows.nth(i).getAttribute(attribute)) ?? '');
  return ids;
}

/** One attribute of every element matching a CSS selector, in document order (null where missing). */
export async function attributesOf(page: Page, selector: string, attributes: readonly string[]): Promise<(string | null)[][]> {
  return page.evaluate<(string | null)[][]>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => ${JSON.stringify(attributes)}.map((a) => e.getAttribute(a)))`,
  );
}

/**
 * Polls a browser-side expression until it is true. Not page.waitForFunction: that evaluates its
 * predicate with eval inside the page, which the console's Content-Security-Policy rightly forbids.
 */
export async function until(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  await pollUntil(`the page to make true: ${expression}`, async () => (await page.evaluate<unknown>(expression)) === true, { timeoutMs });
}

/**
 * Waits for the address to match. Not page.waitForURL: after the UI's own history.pushState it
 * keeps waiting for a "load" that a same-document navigation never fires again.
 */
export async function urlBecomes(page: Page, expected: RegExp | ((url: URL) => boolean), timeoutMs = 30_000): Promise<void> {
  const matches = () => (expected instanceof RegExp ? expected.test(page.url()) : expected(new URL(page.url())));
  await pollUntil(`the address to match ${String(expected)}`, matches, { timeoutMs, detail: () => `it is ${page.url()}` });
}

/** Waits until the table shows exactly `count` rows (lists load asynchronously). */
export async function waitForRowCount(page: Page, count: number, attribute = 'data-case-id'): Promise<void> {
  await until(page, `document.querySelectorAll('tbody tr[${attribute}]').length === ${count}`);
}

/**
 * Waits until the table shows at least `count` rows: for lists that keep loading pages on their
 * own, where an exact count may be passed between two polls.
 */
export async function waitForRowsAtLeast(page: Page, count: number, attribute = 'data-case-id'): Promise<void> {
  await until(page, `document.querySelectorAll('tbody tr[${attribute}]').length >= ${count}`);
}

/**
 * Plays the page's video past half a second, then seeks to `seconds` and waits until it shows the
 * frame there: a clip served without byte ranges plays but cannot seek.
 */
export async function playAndSeek(page: Page, seconds: number): Promise<void> {
  await page.evaluate('document.querySelector("video").play()');
  await until(page, '(() => { const v = document.querySelector("video"); return !!v && v.readyState >= 2 && v.currentTime > 0.5; })()');
  await page.evaluate(`(() => { const v = document.querySelector("video"); v.pause(); v.currentTime = ${seconds}; })()`);
  await until(page, `(() => { const v = document.querySelector("video"); return !!v && !v.seeking && v.readyState >= 2 && Math.abs(v.currentTime - ${seconds}) < 0.2; })()`);
}

export async function signIn(page: Page, labels: { username: string; password: string; signInButton: string }, username: string, password: string): Promise<void> {
  await page.getByLabel(labels.username, { exact: true }).fill(username);
  await page.getByLabel(labels.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: labels.signInButton, exact: true }).click();
}
