import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ViolationDetail } from '../../src/api/api-types.js';
import type { BrowserSession } from './support/chromium.js';
import { openBrowser } from './support/chromium.js';
import { ConsoleClient } from './support/console-client.js';
import { rowIds, screenshot, SCREENSHOTS, signIn, until, urlBecomes, waitForRowCount, waitForRowsAtLeast } from './support/page-checks.js';
import { EN, VI, type UiWords } from './support/ui-words.js';
import { buildWebUi, type WebBuild } from './support/web-build.js';
import { publishCase, startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { realClip } from '../support/evidence.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The queue as a ward with a busy day sees it: the same parked car reported again and again,
 * gathered and dismissed by a supervisor in one go; and a thousand waiting cases that load and
 * scroll in a real Chromium. The thousand-case figures go to test-results/queue-figures.json,
 * which `npm run bench -- --only queue` prints: they are measured here, never asserted on.
 */
const DESKTOP = { width: 1366, height: 768 };
const SUPERVISOR = 'giamsat';
const GROUP_WORDS = {
  vi: { repeats: '+3 vụ lặp lại', dismissDuplicates: 'Báo trùng 3 vụ', title: 'Báo trùng các vụ lặp lại', duplicate: 'Trùng lặp' },
  en: { repeats: '+3 repeats', dismissDuplicates: 'Dismiss 3 duplicates', title: 'Dismiss the repeats as duplicates', duplicate: 'Duplicate' },
};

let web: WebBuild | undefined;
beforeAll(async () => {
  web = await buildWebUi();
}, 240_000);
afterAll(() => web?.remove());

describe.each([VI, EN])('repeats of one object in the queue, in $lang', (words: UiWords) => {
  let stack: ConsoleStack | undefined;
  let browser: BrowserSession;
  let admin: ConsoleClient;
  const repeats: string[] = [];
  let other = '';

  beforeAll(async () => {
    stack = await startConsoleStack({ webDistDir: web!.dir });
    admin = await ConsoleClient.signIn(stack.url, 'admin', stack.password);
    const start = Date.now() - 3 * 3_600_000;
    // One car at the gate, reported four times ten minutes apart (the agent lost it behind buses).
    for (let i = 0; i < 4; i += 1) repeats.push(await publishCase(stack, 'hoan-kiem', realClip(), { cameraId: 'cam-1', ruleType: 'illegal_parking', triggeredAt: new Date(start + i * 10 * 60_000) }));
    // Another camera at the same time: not a repeat.
    other = await publishCase(stack, 'hoan-kiem', realClip(), { cameraId: 'cam-2', ruleType: 'illegal_parking', triggeredAt: new Date(start + 5 * 60_000) });
    browser = await openBrowser(DESKTOP, words.locale);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('gathers the repeats under the first case, each row with the object close-up', async () => {
    const { page } = browser;
    await page.goto(`${stack!.url}/login`);
    if (words.switchTo) await page.getByRole('button', { name: words.switchTo }).click();
    await signIn(page, words, SUPERVISOR, stack!.password);
    await urlBecomes(page, /\/queue/);
    await waitForRowCount(page, 2);
    expect(await rowIds(page)).toEqual([repeats[0], other]);
    await until(page, '[...document.querySelectorAll("tbody img.thumb")].every((img) => img.complete && img.naturalWidth > 0)');
    const toggle = page.getByTestId('group-toggle');
    expect((await toggle.textContent())?.trim()).toBe(GROUP_WORDS[words.lang].repeats);
    await toggle.click();
    await waitForRowCount(page, 5);
    expect(await rowIds(page)).toEqual([repeats[0], ...repeats.slice(1), other]);
    // A supervisor's group buttons and the waiting time stay inside their columns, ward column and all.
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll(".queue__group .button, td.nowrap")].filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > el.closest("td").getBoundingClientRect().right + 1).map((el) => el.textContent)`)).toEqual([]);
    await screenshot(page, `${words.lang}-queue-repeats`);
  });

  it('lets a supervisor keep the first case and dismiss the repeats as duplicates, each audited', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: GROUP_WORDS[words.lang].dismissDuplicates, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: GROUP_WORDS[words.lang].title });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: GROUP_WORDS[words.lang].dismissDuplicates, exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitForRowCount(page, 2);
    expect(await rowIds(page)).toEqual([repeats[0], other]);
    for (const id of repeats.slice(1)) {
      const detail = await admin.get<ViolationDetail>(`/api/violations/${id}`);
      expect(detail).toMatchObject({ status: 'dismissed', decision: { reason: 'duplicate', decidedBy: { username: SUPERVISOR } } });
      expect(detail.history.map((e) => e.action)).toEqual(['decision']);
    }
    expect((await admin.get<ViolationDetail>(`/api/violations/${repeats[0]}`)).status).toBe('pending');
    // The history calls them duplicates, not false alarms of the detector.
    await page.goto(`${stack!.url}/history`);
    await waitForRowCount(page, 3);
    for (const id of repeats.slice(1)) expect(await page.locator(`tr[data-case-id="${id}"] .status`).textContent()).toBe(GROUP_WORDS[words.lang].duplicate);
  });
});

describe('a thousand waiting cases', () => {
  const CASES = 1_000;
  let stack: ConsoleStack | undefined;
  let browser: BrowserSession;

  beforeAll(async () => {
    stack = await startConsoleStack({ cases: CASES, webDistDir: web!.dir });
    browser = await openBrowser(DESKTOP, 'vi-VN');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('renders the first page, then every case as the supervisor scrolls to the end', async () => {
    const { page } = browser;
    await page.goto(`${stack!.url}/login`);
    await signIn(page, VI, SUPERVISOR, stack!.password);
    await urlBecomes(page, /\/queue/);
    await waitForRowsAtLeast(page, 200);
    // Measured from a fresh load of the queue: the first rows in the DOM, then scrolling to the
    // bottom until all thousand are there, and the longest main-thread task meanwhile.
    await page.addInitScript(`(() => {
      window.__queue = { longest: 0 };
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__queue.longest = Math.max(window.__queue.longest, e.duration); }).observe({ type: 'longtask', buffered: true });
      new MutationObserver(() => {
        if (window.__queue.firstRows === undefined && document.querySelector('tbody tr[data-case-id]')) window.__queue.firstRows = performance.now();
      }).observe(document, { childList: true, subtree: true });
    })()`);
    await page.reload();
    await waitForRowsAtLeast(page, 200);
    const firstRenderMs = await page.evaluate<number>('window.__queue.firstRows');
    await page.evaluate(`(() => {
      window.__queue.scrollStart = performance.now();
      // As an officer holding End: to the bottom, and again each time more rows have come.
      const rows = document.getElementsByTagName('tr');
      let seen = -1;
      const step = () => {
        if (rows.length !== seen) {
          seen = rows.length;
          if (document.querySelectorAll('tbody tr[data-case-id]').length >= ${CASES}) {
            requestAnimationFrame(() => { window.__queue.scrollEnd = performance.now(); });
            return;
          }
          window.scrollTo(0, document.documentElement.scrollHeight);
        }
        requestAnimationFrame(step);
      };
      step();
    })()`);
    await until(page, 'window.__queue.scrollEnd !== undefined', 60_000);
    const figures = await page.evaluate<{ scrollStart: number; scrollEnd: number; longest: number }>('window.__queue');
    expect(await rowIds(page)).toHaveLength(CASES);
    expect(new Set(await rowIds(page)).size).toBe(CASES);
    // The rows in view at the end show their close-ups.
    await until(page, `(() => { const imgs = [...document.querySelectorAll("tbody img.thumb")].filter((img) => { const r = img.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }); return imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0); })()`);
    await screenshot(page, 'vi-queue-1000-end');
    const result = { cases: CASES, firstRenderMs: Math.round(firstRenderMs), scrollToEndMs: Math.round(figures.scrollEnd - figures.scrollStart), longestTaskMs: Math.round(figures.longest), target: { firstRenderMs: 1_000, scrollToEndMs: 1_000 } };
    mkdirSync(join(SCREENSHOTS, '..'), { recursive: true });
    writeFileSync(join(SCREENSHOTS, '..', 'queue-figures.json'), `${JSON.stringify(result)}\n`);
    console.log(`queue with ${CASES} waiting cases: first rows ${result.firstRenderMs} ms after navigation, scroll to the end ${result.scrollToEndMs} ms, longest task ${result.longestTaskMs} ms`);
  });
});
