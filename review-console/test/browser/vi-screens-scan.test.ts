import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { openBrowser, type BrowserSession } from './support/chromium.js';
import { sendHeartbeats } from './support/heartbeats.js';
import { INSTALLER_VI } from './support/installer-words.js';
import { screenshot, signIn, until, urlBecomes } from './support/page-checks.js';
import { VI } from './support/ui-words.js';
import { buildWebUi, type WebBuild } from './support/web-build.js';

/*
 * Every screen of the Vietnamese UI, as each role sees it, read for what a person should never
 * read there: internal ids (wards, zones, cameras, rule codes) where a name belongs, and English
 * validation sentences. Case ids and usernames are what people quote, so they may show; an
 * installer sees camera and zone ids on purpose (they go into config files), but no English.
 */
const id = (word: string) => new RegExp(`(?<![\\w-])${word}(?![\\w-])`);
const IDS = ['hoan-kiem', 'cua-nam', 'ba-dinh', 'tay-ho', 'trung-tam', 'phia-tay', 'no-parking-1', 'cam-\\d', 'illegal_parking', 'sidewalk_encroachment', 'littering'].map(id);
const ENGLISH = [/\bmust be\b/i, /\bneeds at least\b/i, /\bis required\b/i, /\binvalid\b/i, /\bexpected\b/i, /\bunknown key\b/i, /\bnot allowed\b/i, /\bcannot\b/i];

let web: WebBuild | undefined;
beforeAll(async () => {
  web = await buildWebUi();
}, 240_000);
afterAll(() => web?.remove());

/** What a person can read on the page: its text, and the labels, titles and placeholders of its elements. */
async function readable(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const attrs = [...document.querySelectorAll('[aria-label],[title],[placeholder],img[alt]')].flatMap((e) => ['aria-label', 'title', 'placeholder', 'alt'].map((a) => e.getAttribute(a) ?? ''));
    return [document.body.innerText, document.title, ...attrs].join('\\n');
  })()`);
}

function problems(text: string, patterns: readonly RegExp[]): string[] {
  return text.split('\n').filter((line) => patterns.some((p) => p.test(line)));
}

describe('the Vietnamese UI shows names, not ids, and no English problems', () => {
  let stack: ConsoleStack | undefined;
  let browser: BrowserSession;
  const seen: { role: string; path: string; bad: string[] }[] = [];

  beforeAll(async () => {
    stack = await startConsoleStack({ cases: 8, webDistDir: web!.dir });
    await sendHeartbeats(stack.redisUrl, stack.queuePrefix, [
      { agentId: 'demo-hoan-kiem', ward: 'hoan-kiem', token: stack.agentTokens['hoan-kiem']!, cameras: [{ id: 'cam-1', name: 'Hàng Bạc 12', state: 'up', fps: 5, restarts: 0 }] },
    ]);
    browser = await openBrowser({ width: 1366, height: 900 }, 'vi-VN');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  async function visit(role: string, path: string, patterns: readonly RegExp[], ready: string): Promise<void> {
    const { page } = browser;
    await page.goto(`${stack!.url}${path}`);
    await until(page, ready);
    // Lazy parts (thumbnails, figures) settle.
    await new Promise((r) => setTimeout(r, 300));
    seen.push({ role, path, bad: problems(await readable(page), patterns) });
    await screenshot(page, `vi-scan-${role}-${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home'}`);
  }

  async function signInAs(username: string): Promise<void> {
    const { page } = browser;
    await page.context().clearCookies();
    await page.goto(`${stack!.url}/login`);
    await signIn(page, VI, username, stack!.password);
    await urlBecomes(page, (url) => !url.pathname.startsWith('/login'));
  }

  it('as an officer, a supervisor and an admin: queue, case, history, dashboard, cameras, audit log, users', async () => {
    const both = [...IDS, ...ENGLISH];
    const main = 'document.querySelector("main h1") !== null && !document.querySelector("main").innerText.includes("Đang tải")';
    for (const [username, paths] of [
      ['canbo.hoankiem', ['/queue', '/history', '/dashboard', '/cameras']],
      ['giamsat', ['/queue', '/dashboard', '/audit']],
      ['admin', ['/audit']],
    ] as const) {
      await signInAs(username);
      for (const path of paths) await visit(username, path, both, main);
    }
    // The admin creates wards by id, so the wards table shows ids; nothing else on the page may.
    await visit('admin', '/admin/users', both, `${main} && document.querySelector("[data-ward-id]") !== null`);
    const adminPage = seen.at(-1)!;
    const idCells = new Set(await browser.page.locator('[data-ward-id] td.mono, [data-district-id] td.mono').allTextContents());
    adminPage.bad = adminPage.bad.filter((line) => !line.split('\t').some((cell) => idCells.has(cell.trim())));
    // A case page, opened from the officer's queue.
    await signInAs('canbo.hoankiem');
    await browser.page.goto(`${stack!.url}/queue`);
    await until(browser.page, 'document.querySelector("tbody tr[data-case-id] a") !== null');
    await browser.page.locator('tbody tr[data-case-id] a').first().click();
    await urlBecomes(browser.page, /\/cases\//);
    await visit('canbo.hoankiem', new URL(browser.page.url()).pathname, both, 'document.querySelector("#case-title") !== null');
    expect(seen.filter((s) => s.bad.length > 0)).toEqual([]);
  });

  it('as an installer: agents, an agent, and a camera form with problems, all in Vietnamese', async () => {
    await signInAs('lapdat');
    // An installer has no wards of their own: the cameras screen still names each camera's ward.
    const WARD_IDS = IDS.slice(0, 4);
    await visit('lapdat', '/cameras', [...WARD_IDS, ...ENGLISH], 'document.querySelector("tbody tr") !== null');
    expect(seen.at(-1)!.bad).toEqual([]);
    expect(await browser.page.locator('tbody tr').first().textContent()).toContain('Phường Hoàn Kiếm');
    await visit('lapdat', '/agents', ENGLISH, 'document.querySelector("main h1") !== null');
    await visit('lapdat', '/agents/demo-hoan-kiem', ENGLISH, 'document.querySelector("main h1") !== null');
    const { page } = browser;
    await page.getByRole('button', { name: INSTALLER_VI.addCamera }).click();
    await page.getByLabel(INSTALLER_VI.cameraId, { exact: true }).fill('Cổng Chợ');
    await page.getByLabel(INSTALLER_VI.fps, { exact: true }).fill('99');
    await until(page, 'document.querySelector("[aria-label] li, .issues li") !== null');
    const problemsShown = await page.locator('.issues li').allTextContents();
    expect(problemsShown.length).toBeGreaterThan(0);
    expect(problems(problemsShown.join('\n'), ENGLISH)).toEqual([]);
    expect(problems(await readable(page), ENGLISH)).toEqual([]);
    await screenshot(page, 'vi-scan-installer-camera-problems', { fullPage: true });
  });
});
