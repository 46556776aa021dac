import { ruleTypes } from '@wardwatch/contracts';
import { pollUntil } from '@wardwatch/devkit';
import type { CameraStatus, ViolationSummary } from '../../src/api/api-types.js';
import type { BrowserSession } from './support/chromium.js';
import { openBrowser } from './support/chromium.js';
import { ConsoleClient } from './support/console-client.js';
import { sendHeartbeats } from './support/heartbeats.js';
import { currentCaseId, horizontalOverflow, playAndSeek, rowIds, screenshot, signIn, until, urlBecomes, waitForRowCount } from './support/page-checks.js';
import { EN, hanoiTime, VI, type UiWords } from './support/ui-words.js';
import { buildWebUi, type WebBuild } from './support/web-build.js';
import { publishCase, startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { realHevcClip, realLongClip } from '../support/evidence.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * The officer's day, end to end, in a real Chromium against a real console (API, worker, SQLite,
 * Redis) holding cases published the way agents publish them. Runs once per UI language.
 */
const DESKTOP = { width: 1366, height: 768 };
const TABLET_PORTRAIT = { width: 820, height: 1180 };
const TABLET_LANDSCAPE = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };
const MY_WARD = 'hoan-kiem';
const OTHER_WARD = 'cua-nam';
const OFFICER = 'canbo.hoankiem';
const OTHER_OFFICER = 'canbo.cuanam';
/** Supervises the district that holds both wards. */
const SUPERVISOR = 'giamsat';

let web: WebBuild | undefined;
beforeAll(async () => {
  web = await buildWebUi();
}, 240_000);
afterAll(() => web?.remove());

describe.each([VI, EN])('review console UI in $lang', (words: UiWords) => {
  let stack: ConsoleStack | undefined;
  let admin: ConsoleClient;
  let browser: BrowserSession;
  let mine: ViolationSummary[];
  let theirs: ViolationSummary[];
  const decided: { confirmed?: string; dismissed?: string } = {};
  const shot = (name: string) => screenshot(browser.page, `${words.lang}-${name}`);

  beforeAll(async () => {
    stack = await startConsoleStack({ cases: 10, webDistDir: web!.dir });
    admin = await ConsoleClient.signIn(stack.url, 'admin', stack.password);
    const pending = await admin.pending();
    mine = pending.filter((c) => c.ward === MY_WARD);
    theirs = pending.filter((c) => c.ward === OTHER_WARD);
    browser = await openBrowser(DESKTOP, words.locale);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('starts at sign-in in Vietnamese, switches language and keeps the choice', async () => {
    const { page } = browser;
    await page.goto(stack!.url);
    await urlBecomes(page, /\/login/);
    await page.getByRole('heading', { level: 1, name: VI.signInTitle }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    if (words.switchTo) {
      await page.getByRole('button', { name: words.switchTo }).click();
      await page.reload();
    }
    await page.getByRole('heading', { level: 1, name: words.signInTitle }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe(words.lang);

    await signIn(page, words, OFFICER, 'not-the-password');
    expect(await page.getByRole('alert').textContent()).toBe(words.wrongCredentials);
    await shot('login');
    await signIn(page, words, OFFICER, stack!.password);
    await urlBecomes(page, /\/queue/);
  });

  it("lists only the officer's ward's pending cases, oldest first, with counts per rule", async () => {
    const { page } = browser;
    expect(mine.length).toBeGreaterThanOrEqual(4);
    expect(theirs.length).toBeGreaterThanOrEqual(1);
    await page.getByRole('heading', { level: 1, name: words.queueTitle }).waitFor();
    await waitForRowCount(page, mine.length);
    const oldestFirst = [...mine].sort((a, b) => a.triggeredAt.localeCompare(b.triggeredAt)).map((c) => c.id);
    expect(await rowIds(page)).toEqual(oldestFirst);
    await until(page, `[...document.querySelectorAll('[data-testid^="count-"]')].every((e) => /^\\d+$/.test(e.textContent))`);
    for (const rule of ruleTypes) {
      expect(Number(await page.getByTestId(`count-${rule}`).textContent())).toBe(mine.filter((c) => c.ruleType === rule).length);
    }
    expect(await horizontalOverflow(page)).toBe(0);
    await shot('queue');
  });

  it('keeps the filter in the address and across an expired session', async () => {
    const { page, context } = browser;
    const parking = mine.filter((c) => c.ruleType === 'illegal_parking');
    expect(parking.length).toBeGreaterThanOrEqual(2);
    await page.getByLabel(words.ruleFilter, { exact: true }).selectOption('illegal_parking');
    await urlBecomes(page, /rule=illegal_parking/);
    await waitForRowCount(page, parking.length);

    // The session ends on the server side (cookie gone); the next request must lead back to sign-in.
    await context.clearCookies();
    await page.getByRole('link', { name: words.start }).click();
    await urlBecomes(page, /\/login\?/);
    await page.getByText(words.expired).waitFor();
    await shot('login-expired');
    await signIn(page, words, OFFICER, stack!.password);
    await urlBecomes(page, /\/cases\/[^?]+\?rule=illegal_parking$/);
  });

  it('shows the case in words and Hanoi time, and plays and seeks the clip over range requests', async () => {
    const { page } = browser;
    const id = currentCaseId(page);
    const item = mine.find((c) => c.id === id)!;
    expect(item.ruleType).toBe('illegal_parking');
    const clipResponses: { status: number; range: string | null }[] = [];
    page.on('response', (res) => {
      if (res.url().includes(`/api/violations/${id}/clip`)) clipResponses.push({ status: res.status(), range: res.headers()['content-range'] ?? null });
    });
    await page.reload();
    const title = page.getByRole('heading', { level: 1 });
    await title.waitFor();
    expect((await title.textContent())?.trim()).toMatch(words.parkingLine(words.durationOf65s));
    expect(await page.getByTestId('case-time').textContent()).toBe(hanoiTime(item.triggeredAt));
    expect(await page.getByTestId('case-camera').textContent()).toBe(item.cameraName);
    expect(await page.getByTestId('case-ward').textContent()).toBe('Phường Hoàn Kiếm');
    // The zone by the name the installer gave it, not its id.
    const sub = await page.locator('.case__sub').textContent();
    expect(sub).toContain('Cổng chợ Hàng Bạc');
    expect(sub).not.toContain('no-parking-1');

    const video = page.getByLabel(words.clip, { exact: true }).and(page.locator('video'));
    await video.waitFor();
    await playAndSeek(page, 2.5);
    expect(clipResponses.some((r) => r.status === 206 && r.range?.startsWith('bytes '))).toBe(true);
    await until(page, '(document.querySelector(".snapshot__image")?.naturalWidth ?? 0) > 0');

    const confirm = await page.getByRole('button', { name: words.confirmDialog, exact: true }).boundingBox();
    expect(confirm!.y + confirm!.height).toBeLessThanOrEqual(DESKTOP.height);
    expect(await horizontalOverflow(page)).toBe(0);
    await shot('case');
  });

  it('moves with J/K, shows help on ?, confirms with the keyboard and opens the next case by itself', async () => {
    const { page } = browser;
    const parking = [...mine].filter((c) => c.ruleType === 'illegal_parking').sort((a, b) => a.triggeredAt.localeCompare(b.triggeredAt));
    const first = currentCaseId(page);
    expect(first).toBe(parking[0]!.id);
    await page.keyboard.press('j');
    await urlBecomes(page, (url) => url.pathname.endsWith(parking[1]!.id));
    await page.keyboard.press('k');
    await urlBecomes(page, (url) => url.pathname.endsWith(first));
    await page.getByRole('heading', { level: 1 }).waitFor();

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: words.shortcutsTitle }).waitFor();
    await shot('shortcuts');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // Two keys: the decision, then Enter on the reason that comes preselected (the first, on a fresh browser).
    await page.keyboard.press('c');
    await page.getByRole('dialog', { name: words.confirmDialog }).waitFor();
    // A parked car has a plate to note; a left bag (below) has none, so it is not asked for.
    expect(await page.locator('input[name=plate]').count()).toBe(1);
    await shot('confirm-dialog');
    await page.keyboard.press('Enter');
    await urlBecomes(page, (url) => url.pathname.endsWith(parking[1]!.id));
    decided.confirmed = first;
    const recorded = await admin.detail(first);
    expect(recorded.status).toBe('confirmed');
    expect(recorded.decision).toMatchObject({ decision: 'confirmed', reason: 'clear_violation', decidedBy: { username: OFFICER } });
    const next = page.url();
    const litter = mine.find((c) => c.ruleType === 'littering')!;
    await page.goto(`${stack!.url}/cases/${encodeURIComponent(litter.id)}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('c');
    await page.getByRole('dialog', { name: words.confirmDialog }).waitFor();
    expect(await page.locator('input[name=plate]').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.goto(next);
    await page.getByRole('heading', { level: 1 }).waitFor();
  });

  it('dismisses the next case as a false alarm and shows the empty queue', async () => {
    const { page } = browser;
    const id = currentCaseId(page);
    await page.getByRole('button', { name: words.dismissButton, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: words.dismissDialog });
    await dialog.waitFor();
    await dialog.getByLabel(words.dismissReason).check();
    await dialog.getByRole('button', { name: words.dismissSubmit, exact: true }).click();
    // No parking case left under this filter: back to the (filtered) queue, which says so.
    await urlBecomes(page, /\/queue\?rule=illegal_parking$/);
    await page.getByText(words.emptyFiltered).waitFor();
    await shot('queue-empty');
    decided.dismissed = id;
    const recorded = await admin.detail(id);
    expect(recorded.decision).toMatchObject({ decision: 'dismissed', reason: 'unclear_footage', decidedBy: { username: OFFICER } });

    await page.goto(`${stack!.url}/queue`);
    await waitForRowCount(page, mine.length - 2);
    const left = await rowIds(page);
    expect(left).not.toContain(decided.confirmed);
    expect(left).not.toContain(id);
  });

  it('lists both decisions in the history with the officer who made them, searchable', async () => {
    const { page } = browser;
    const perCase: string[] = [];
    const onRequest = (req: { url(): string }) => {
      if (/\/api\/violations\/[^/?]+$/.test(new URL(req.url()).pathname)) perCase.push(req.url());
    };
    page.on('request', onRequest);
    await page.getByRole('link', { name: words.historyNav, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: words.historyTitle }).waitFor();
    await waitForRowCount(page, 2);
    expect(new Set(await rowIds(page))).toEqual(new Set([decided.confirmed, decided.dismissed]));
    await until(page, `[...document.querySelectorAll('[data-testid="decided-by"]')].every((e) => e.textContent === ${JSON.stringify(OFFICER)})`);
    // Who decided and why come with the list: no request per case.
    page.off('request', onRequest);
    expect(perCase).toEqual([]);
    expect(await page.locator(`tr[data-case-id="${decided.confirmed}"]`).textContent()).toContain(words.confirmed);
    expect(await page.locator(`tr[data-case-id="${decided.dismissed}"]`).textContent()).toContain(words.dismissed);
    expect(await horizontalOverflow(page)).toBe(0);
    await shot('history');

    const search = page.getByLabel(words.search, { exact: true });
    await search.fill('no-such-thing-here');
    await page.getByText(words.historyNoMatch, { exact: true }).waitFor();
    await waitForRowCount(page, 0);
    await urlBecomes(page, /q=no-such-thing-here/);
    await search.fill(OFFICER);
    await waitForRowCount(page, 2);

    // Days are typed and shown day first, even where the browser's locale (en-US) writes month first.
    expect(await page.evaluate('navigator.language')).toBe(words.locale);
    // From the Hanoi day the earlier of the two cases was triggered on: the list filters by trigger
    // time, and soon after midnight in Hanoi the seeded cases (up to hours old) are yesterday's.
    const earliest = mine.filter((c) => c.id === decided.confirmed || c.id === decided.dismissed).map((c) => c.triggeredAt).sort()[0]!;
    const day = hanoiTime(earliest).slice(6);
    const [dd, mm, yyyy] = day.split('/');
    const from = page.getByLabel(words.fromDay, { exact: true });
    expect(await from.getAttribute('placeholder')).toBe('dd/mm/yyyy');
    // Not a day: said in words, and the list keeps its filter.
    await from.fill('31/02/2026');
    await page.getByRole('alert').filter({ hasText: words.lang === 'vi' ? 'Chưa phải ngày hợp lệ' : 'Not a day yet' }).waitFor();
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    await from.fill(day);
    await urlBecomes(page, (url) => url.searchParams.get('from') === `${yyyy}-${mm}-${dd}`);
    await waitForRowCount(page, 2);
    await page.reload();
    await waitForRowCount(page, 2);
    expect(await page.getByLabel(words.fromDay, { exact: true }).inputValue()).toBe(day);
    // Every date on the page reads dd/mm/yyyy.
    const dates = (await page.locator('main').textContent())!.match(/\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/g) ?? [];
    expect(dates.length).toBeGreaterThan(0);
    for (const date of dates) expect(date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);

    // The same decided cases as a CSV for the ward's paperwork, in the page's language.
    const href = (await page.getByTestId('history-export').getAttribute('href'))!;
    expect(new URL(href, stack!.url).searchParams.get('from')).toBe(new Date(Date.parse(`${yyyy}-${mm}-${dd}T00:00:00+07:00`)).toISOString());
    const csv = await page.request.get(new URL(href, stack!.url).toString());
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]!.startsWith(words.lang === 'vi' ? 'Mã vụ việc,Mã phường,Phường' : 'Case id,Ward id,Ward')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual([decided.confirmed, decided.dismissed].sort());
  });

  it("shows the cameras of the officer's ward, up or down with the last error, and a failing recording", async () => {
    const { page } = browser;
    await sendHeartbeats(stack!.redisUrl, stack!.queuePrefix, [
      {
        agentId: `demo-${MY_WARD}`,
        ward: MY_WARD,
        token: stack!.agentTokens[MY_WARD]!,
        cameras: [
          { id: 'cam-1', name: 'Hàng Bạc 12', state: 'up', fps: 12.5, lastFrameAt: new Date().toISOString(), restarts: 0, record: { state: 'failing', lastError: 'timeout: no record-stream data for 10 s', restarts: 2 } },
          { id: 'cam-2', name: 'Đinh Tiên Hoàng 3', state: 'down', fps: 0, lastError: 'camera refused the RTSP connection; retrying in 30 s', restarts: 4 },
        ],
      },
      { agentId: `demo-${OTHER_WARD}`, ward: OTHER_WARD, token: stack!.agentTokens[OTHER_WARD]!, cameras: [{ id: 'cam-9', name: 'Cửa Nam 5', state: 'up', fps: 10, restarts: 0 }] },
    ]);
    await pollUntil('the heartbeats of all 3 cameras stored', async () => (await admin.get<{ items: CameraStatus[] }>('/api/cameras')).items.length >= 3, { timeoutMs: 30_000 });
    await page.getByRole('link', { name: words.camerasNav, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: words.camerasTitle }).waitFor();
    await waitForRowCount(page, 2, 'data-camera-id');
    expect(new Set(await rowIds(page, 'data-camera-id'))).toEqual(new Set(['cam-1', 'cam-2']));
    const down = await page.locator('tr[data-camera-id="cam-2"]').textContent();
    expect(down).toContain(words.cameraDown);
    expect(down).toContain('camera refused the RTSP connection');
    const detecting = await page.locator('tr[data-camera-id="cam-1"]').textContent();
    expect(detecting).toContain(words.cameraUp);
    // Up, but its clips cannot be cut: the recording's own failure is shown with its reason.
    expect(await page.locator('tr[data-camera-id="cam-1"] [data-record-state="failing"]').textContent()).toContain('timeout: no record-stream data for 10 s');
    await shot('cameras');
  });

  it('keeps its layout on tablets and phones', async () => {
    const { page } = browser;
    for (const size of [TABLET_PORTRAIT, TABLET_LANDSCAPE, PHONE]) {
      await page.setViewportSize(size);
      await page.goto(`${stack!.url}/queue`);
      await waitForRowCount(page, mine.length - 2);
      expect(await horizontalOverflow(page)).toBe(0);
      // The queue itself needs no sideways scrolling, and its words have room (a phone shows cards).
      expect(await page.evaluate<number>('(() => { const w = document.querySelector(".table-wrap"); return w.scrollWidth - w.clientWidth; })()')).toBeLessThanOrEqual(1);
      expect(await page.evaluate<number>('Math.min(...[...document.querySelectorAll("tbody tr[data-case-id] td:nth-child(3)")].map((td) => td.getBoundingClientRect().width))')).toBeGreaterThan(150);
      await shot('queue');
      await page.getByRole('link', { name: words.start }).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await until(page, '(document.querySelector(".snapshot__image")?.naturalWidth ?? 0) > 0');
      expect(await horizontalOverflow(page)).toBe(0);
      const confirm = await page.getByRole('button', { name: words.confirmDialog, exact: true }).boundingBox();
      expect(confirm!.x + confirm!.width).toBeLessThanOrEqual(size.width);
      await shot('case');
      await page.goto(`${stack!.url}/history`);
      await waitForRowCount(page, 2);
      expect(await horizontalOverflow(page)).toBe(0);
      // Nor does the history (a phone shows a card per case), and its words have room.
      expect(await page.evaluate<number>('(() => { const w = document.querySelector(".table-wrap"); return w.scrollWidth - w.clientWidth; })()')).toBeLessThanOrEqual(1);
      expect(await page.evaluate<number>('Math.min(...[...document.querySelectorAll("tbody tr[data-case-id] td:nth-child(2)")].map((td) => td.getBoundingClientRect().width))')).toBeGreaterThan(150);
      await shot('history');
    }
    await page.setViewportSize(DESKTOP);
  });

  it("hides these cases from another ward's officer", async () => {
    const { page } = browser;
    await page.getByRole('button', { name: words.signOut }).click();
    await urlBecomes(page, /\/login/);
    await signIn(page, words, OTHER_OFFICER, stack!.password);
    await urlBecomes(page, /\/queue/);
    await waitForRowCount(page, theirs.length);
    expect(new Set(await rowIds(page))).toEqual(new Set(theirs.map((c) => c.id)));
    await shot('other-ward-queue');

    await page.goto(`${stack!.url}/history`);
    await page.getByRole('heading', { level: 1, name: words.historyTitle }).waitFor();
    // The empty state shows only once the list has loaded, so this is not an early zero.
    await page.getByText(words.historyEmpty, { exact: true }).waitFor();
    await waitForRowCount(page, 0);

    await page.goto(`${stack!.url}/cases/${decided.confirmed}`);
    await page.getByRole('alert').getByText(words.notFound).waitFor();
    await page.goto(`${stack!.url}/cases/${mine[mine.length - 1]!.id}`);
    await page.getByRole('alert').getByText(words.notFound).waitFor();
    await shot('other-ward-not-found');
  });

  it('lets a supervisor reopen a decided case, which returns to the queue', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: words.signOut }).click();
    await urlBecomes(page, /\/login$/);
    await signIn(page, words, SUPERVISOR, stack!.password);
    await urlBecomes(page, /\/queue/);
    await page.goto(`${stack!.url}/history`);
    await waitForRowCount(page, 2);
    await page.locator(`tr[data-case-id="${decided.dismissed}"]`).getByRole('button', { name: words.reopen }).click();
    const dialog = page.getByRole('dialog', { name: words.reopenDialog });
    await dialog.getByLabel(words.reopenReason, { exact: true }).fill('Clip needs a second look');
    await dialog.getByRole('button', { name: words.reopenDialog, exact: true }).click();
    await waitForRowCount(page, 1);
    expect(await rowIds(page)).toEqual([decided.confirmed]);
    expect((await admin.detail(decided.dismissed!)).status).toBe('pending');
    await page.getByRole('link', { name: words.queueTitle, exact: true }).click();
    await waitForRowCount(page, mine.length + theirs.length - 1);
    expect(await rowIds(page)).toContain(decided.dismissed);

    // The case keeps its whole trail: detected, dismissed (who, why), reopened (who, why).
    await page.goto(`${stack!.url}/cases/${decided.dismissed}`);
    const trail = page.getByTestId('decision-trail').locator('li');
    await until(page, 'document.querySelectorAll("[data-testid=decision-trail] li").length === 3');
    const lines = await trail.allTextContents();
    expect(lines[1]).toContain(OFFICER);
    expect(lines[1]).toContain(words.dismissReason);
    expect(lines[2]).toContain(SUPERVISOR);
    expect(lines[2]).toContain('Clip needs a second look');
    await shot('case-trail');
  });

  it('plays the clip of an H.265 camera, which this browser cannot decode, from its H.264 copy', async () => {
    // A tab of its own, as an officer opening the case from a link.
    const page = await browser.context.newPage();
    // What a stock Chromium (no hardware decoder) says of the camera's own clip.
    expect(await page.evaluate(`document.createElement('video').canPlayType('video/mp4; codecs="hvc1.1.6.L93.B0"')`)).toBe('');
    // Its recording had a gap too: the case says how much of the window the clip holds.
    const id = await publishCase(stack!, MY_WARD, realHevcClip(), { shortfall: { kind: 'partial', coveredSeconds: 3.4, wantedSeconds: 8 } });
    // Once the copy is made, the case's clip address names it.
    const original = (await admin.detail(id)).clipUrl;
    await pollUntil('the viewing copy of the clip', async () => (await admin.detail(id)).clipUrl !== original, { timeoutMs: 60_000 });
    await page.goto(`${stack!.url}/cases/${id}`);
    await page.locator('video').scrollIntoViewIfNeeded();
    await page.evaluate('document.querySelector("video").play()');
    await until(page, '(() => { const v = document.querySelector("video"); return !!v && v.readyState >= 2 && v.videoWidth > 0 && v.currentTime > 0.5; })()');
    expect(await page.getByTestId('clip-shortfall').textContent()).toBe(words.clipPartial(3, 8));
    await screenshot(page, `${words.lang}-hevc-case-playing`);
    await page.close();
  });

  it('opens a clip a few seconds before the trigger, marks the stay on its bar and jumps there with A and T', async () => {
    const page = await browser.context.newPage();
    const marks = { startedSeconds: 1.5, triggeredSeconds: 11.2 };
    const id = await publishCase(stack!, MY_WARD, realLongClip(), { marks });
    await page.goto(`${stack!.url}/cases/${id}`);
    await page.getByTestId('clip-timeline').waitFor();
    const now = () => page.evaluate<number>("document.querySelector(\"video\").currentTime");
    await until(page, '(() => { const v = document.querySelector("video"); return !!v && v.readyState >= 1 && !v.seeking && v.currentTime > 0; })()');
    // Within 5 s before the trigger, not at 0:00.
    const opening = await now();
    expect(opening).toBeGreaterThanOrEqual(marks.triggeredSeconds - 5);
    expect(opening).toBeLessThanOrEqual(marks.triggeredSeconds);
    // The stay spans arrival to trigger on the bar, in proportion to the clip.
    const track = (await page.locator('.clip-timeline__track').boundingBox())!;
    const stay = (await page.locator('.clip-timeline__stay').boundingBox())!;
    const duration = await page.evaluate<number>("document.querySelector(\"video\").duration");
    expect((stay.x - track.x) / track.width).toBeCloseTo(marks.startedSeconds / duration, 1);
    expect((stay.x + stay.width - track.x) / track.width).toBeCloseTo(marks.triggeredSeconds / duration, 1);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('a');
    await until(page, `Math.abs(document.querySelector("video").currentTime - ${marks.startedSeconds}) < 0.3`);
    await page.keyboard.press('t');
    await until(page, `Math.abs(document.querySelector("video").currentTime - ${marks.triggeredSeconds - 1}) < 0.3`);
    expect(await page.getByTestId('jump-trigger').textContent()).toContain('0:11');
    await screenshot(page, `${words.lang}-case-timeline`);

    // The close-up of the object sits beside the snapshot; Z opens the snapshot full size.
    await until(page, '(document.querySelector("[data-testid=object-crop]")?.naturalWidth ?? 0) > 0');
    await page.keyboard.press('z');
    const viewer = page.getByRole('dialog', { name: words.snapshotTitle });
    await viewer.waitFor();
    await until(page, '(document.querySelector("[data-testid=snapshot-viewer] img")?.naturalWidth ?? 0) > 0');
    expect(await viewer.getByRole('button', { name: words.zoomFit }).getAttribute('aria-pressed')).toBe('true');
    await viewer.getByRole('button', { name: '200 %' }).click();
    const zoomed = await page.evaluate<{ shown: number; natural: number; scrolled: number }>(
      '(() => { const img = document.querySelector("[data-testid=snapshot-viewer] img"); const s = document.querySelector("[data-testid=snapshot-viewer]"); return { shown: img.getBoundingClientRect().width, natural: img.naturalWidth, scrolled: s.scrollLeft + s.scrollTop }; })()',
    );
    expect(zoomed.shown).toBeCloseTo(zoomed.natural * 2, 0);
    await screenshot(page, `${words.lang}-snapshot-zoomed`);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    await page.close();
  });
});
