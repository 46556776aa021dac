import type { DashboardResponse, SummaryRow, ViolationSummary } from '../../src/api/api-types.js';
import type { BrowserSession } from './support/chromium.js';
import { openBrowser } from './support/chromium.js';
import { ConsoleClient } from './support/console-client.js';
import { countText, DASHBOARD_EN, DASHBOARD_VI, durationText, hanoiDayOf, rateText, type DashboardWords } from './support/dashboard-words.js';
import { attributesOf, horizontalOverflow, screenshot, signIn, until, urlBecomes, waitForRowCount } from './support/page-checks.js';
import { runRetentionLater } from './support/retention-run.js';
import { EN, VI, type UiWords } from './support/ui-words.js';
import { buildWebUi, type WebBuild } from './support/web-build.js';
import { startConsoleStack, type ConsoleStack } from '../support/console-stack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';

/*
 * The district dashboard in a real Chromium against a real console whose cases were published
 * the way agents publish them and decided through the API, so rates and medians are real. The
 * figures on screen are checked against hand-counted totals and against the API's own answer.
 */
const DESKTOP = { width: 1366, height: 768 };
const TABLETS = [
  { width: 820, height: 1180 },
  { width: 1024, height: 768 },
];
const CASES = 12;
const SUPERVISOR = 'giamsat';
const OFFICER = 'canbo.hoankiem';
const INSTALLER = 'lapdat';

let web: WebBuild | undefined;
beforeAll(async () => {
  web = await buildWebUi();
}, 240_000);
afterAll(() => web?.remove());

/** The API's [from, to) for "the last N Hanoi days, today included". */
function lastDays(n: number): { from: string; to: string } {
  const today = hanoiDayOf(Date.now());
  const start = Date.parse(`${today}T00:00:00+07:00`) - (n - 1) * 86_400_000;
  return { from: new Date(start).toISOString(), to: new Date(Date.parse(`${today}T00:00:00+07:00`) + 86_400_000).toISOString() };
}

async function cellText(page: Page, panel: string, rowKey: string, column: string): Promise<string> {
  return ((await page.locator(`section[data-panel="${panel}"] tr[data-row-key="${rowKey}"] td[data-col="${column}"]`).textContent()) ?? '').trim();
}

describe.each([
  [VI, DASHBOARD_VI],
  [EN, DASHBOARD_EN],
])('district dashboard in $lang', (words: UiWords, dash: DashboardWords) => {
  let stack: ConsoleStack | undefined;
  let browser: BrowserSession;
  let supervisor: ConsoleClient;
  let cases: ViolationSummary[];
  let purgedId: string;
  let purgedAt: string;
  const shot = (name: string, fullPage = false) => screenshot(browser.page, `${words.lang}-${name}`, { fullPage });
  const dashboardRequests: string[] = [];

  /** The page's KPIs and tables against an API answer for the same period and scope. */
  async function expectFiguresOf(page: Page, api: DashboardResponse): Promise<void> {
    const lang = dash.lang;
    const kpi = async (id: string) => ((await page.getByTestId(`kpi-${id}`).textContent()) ?? '').trim();
    expect(await kpi('total')).toBe(countText(lang, api.totals.total));
    expect(await kpi('confirmed')).toBe(countText(lang, api.totals.confirmed));
    expect(await kpi('dismissed')).toBe(countText(lang, api.totals.dismissed));
    expect(await kpi('pending')).toBe(countText(lang, api.totals.pending));
    expect(await kpi('rate')).toBe(rateText(lang, api.totals.confirmationRate));
    expect(await kpi('median')).toBe(durationText(dash, api.totals.medianDecisionSeconds));
    expect(await kpi('backlog')).toBe(countText(lang, api.totals.backlog ?? 0));
    const rowKeys = async (panel: string) => (await attributesOf(page, `section[data-panel="${panel}"] tbody tr`, ['data-row-key'])).map(([key]) => key);
    expect(await rowKeys('dash-wards')).toEqual(api.wards.map((w) => w.key));
    for (const w of api.wards) {
      expect(await cellText(page, 'dash-wards', w.key, 'total')).toBe(countText(lang, w.total));
      expect(await cellText(page, 'dash-wards', w.key, 'confirmed')).toBe(countText(lang, w.confirmed));
      expect(await cellText(page, 'dash-wards', w.key, 'rate')).toBe(rateText(lang, w.confirmationRate));
      expect(await cellText(page, 'dash-wards', w.key, 'median')).toBe(durationText(dash, w.medianDecisionSeconds));
      expect(await cellText(page, 'dash-wards', w.key, 'backlog')).toBe(countText(lang, w.backlog ?? 0));
    }
    expect(await rowKeys('dash-rules')).toEqual(api.rules.map((r) => r.key));
    for (const r of api.rules) expect(await cellText(page, 'dash-rules', r.key, 'total')).toBe(countText(lang, r.total));
    expect(await rowKeys('dash-hotspots')).toEqual(api.hotspots.map((c) => c.key));
    for (const c of api.hotspots) expect(await cellText(page, 'dash-hotspots', c.key, 'total')).toBe(countText(lang, c.total));
    const heat = (await attributesOf(page, 'td[data-weekday]', ['data-weekday', 'data-hour', 'data-count'])).map(([day, hour, count]) => `${day}-${hour}:${count}`);
    expect(heat).toHaveLength(168);
    expect(heat.filter((c) => !c.endsWith(':0')).sort()).toEqual(api.heatmap.filter((c: SummaryRow) => c.total > 0).map((c) => `${c.weekday}-${c.hour}:${c.total}`).sort());
    expect(await page.locator('.chart').getAttribute('data-days')).toBe(String(api.daily.length));
  }

  async function openDashboard(page: Page): Promise<void> {
    await page.getByRole('link', { name: dash.nav, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: dash.title }).waitFor();
    await page.getByTestId('kpi-total').waitFor();
  }

  beforeAll(async () => {
    stack = await startConsoleStack({ cases: CASES, webDistDir: web!.dir });
    const admin = await ConsoleClient.signIn(stack.url, 'admin', stack.password);
    supervisor = await ConsoleClient.signIn(stack.url, SUPERVISOR, stack.password);
    cases = await admin.pending();
    expect(cases).toHaveLength(CASES);
    const byWard = (ward: string) => cases.filter((c) => c.ward === ward).sort((a, b) => b.triggeredAt.localeCompare(a.triggeredAt));
    const [hk, cn] = [byWard('hoan-kiem'), byWard('cua-nam')];
    expect([hk.length, cn.length]).toEqual([6, 6]);
    // Hoàn Kiếm: 3 confirmed, 1 false alarm, 2 waiting. Cửa Nam: 1 confirmed, 1 false alarm, 4 waiting.
    const hkOfficer = await ConsoleClient.signIn(stack.url, OFFICER, stack.password);
    const cnOfficer = await ConsoleClient.signIn(stack.url, 'canbo.cuanam', stack.password);
    for (const c of hk.slice(0, 3)) await hkOfficer.decide(c.id, 'confirmed', 'clear_violation');
    await hkOfficer.decide(hk[3]!.id, 'dismissed', 'unclear_footage');
    await cnOfficer.decide(cn[0]!.id, 'confirmed', 'blocking_way');
    await cnOfficer.decide(cn[1]!.id, 'dismissed', 'brief_stop');
    // Forty days on, the retention policy (false alarms: 30 days) deletes both false alarms' evidence.
    const report = await runRetentionLater(stack.dataDir, 40);
    expect(report.purged.map((p) => p.id).sort()).toEqual([hk[3]!.id, cn[1]!.id].sort());
    purgedId = hk[3]!.id;
    purgedAt = report.at;
    browser = await openBrowser(DESKTOP, words.lang === 'vi' ? 'vi-VN' : 'en-GB');
    browser.page.on('request', (req) => {
      if (new URL(req.url()).pathname === '/api/dashboard') dashboardRequests.push(req.url());
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it("shows a supervisor the district's figures for the last 30 Hanoi days, as counted by hand and as the API says", async () => {
    const { page } = browser;
    await page.goto(`${stack!.url}/login`);
    if (words.switchTo) await page.getByRole('button', { name: words.switchTo }).click();
    await signIn(page, words, SUPERVISOR, stack!.password);
    await urlBecomes(page, /\/queue/);
    await openDashboard(page);

    const period = lastDays(30);
    const asked = new URL(dashboardRequests.at(-1)!);
    expect([asked.searchParams.get('from'), asked.searchParams.get('to')]).toEqual([new Date(period.from).toISOString(), new Date(period.to).toISOString()]);
    const api = await supervisor.get<DashboardResponse>(`/api/dashboard?from=${period.from}&to=${period.to}`);
    // Hand-counted: 12 cases, 4 confirmed, 2 false alarms (purged, still counted), 6 waiting.
    expect([api.totals.total, api.totals.confirmed, api.totals.dismissed, api.totals.backlog]).toEqual([12, 4, 2, 6]);
    expect(await page.getByTestId('kpi-total').textContent()).toBe('12');
    expect(await page.getByTestId('kpi-rate').textContent()).toBe(dash.lang === 'vi' ? '66,7%' : '66.7%');
    expect(await cellText(page, 'dash-wards', 'hoan-kiem', 'rate')).toBe('75%');
    expect(await cellText(page, 'dash-wards', 'cua-nam', 'backlog')).toBe('4');
    expect(api.wards.find((w) => w.ward === 'hoan-kiem')?.medianDecisionSeconds).toBeGreaterThan(3_600);
    await expectFiguresOf(page, api);
    // Waiting against the 24 h deadline (nothing here waits a day yet), and who decided how many.
    expect(await cellText(page, 'dash-deadline-panel', 'hoan-kiem', 'pending')).toBe('2');
    expect(await cellText(page, 'dash-deadline-panel', 'cua-nam', 'pending')).toBe('4');
    expect(await cellText(page, 'dash-deadline-panel', 'cua-nam', 'overdue')).toBe('0');
    expect(await cellText(page, 'dash-officers-panel', OFFICER, 'decided')).toBe('4');
    expect(await cellText(page, 'dash-officers-panel', 'canbo.cuanam', 'decided')).toBe('2');
    // Beside each figure, the 30 days before (no case then).
    expect(await page.getByTestId('kpi-total-hint').textContent()).toBe(words.lang === 'vi' ? 'kỳ trước: 0 (+12)' : 'period before: 0 (+12)');
    expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await horizontalOverflow(page)).toBe(0);
    await shot('dashboard');
    await shot('dashboard', true);
  });

  it('downloads every table as the server CSV of the same period and filters', async () => {
    const { page } = browser;
    const links = (await attributesOf(page, 'section[data-panel] a[download]', ['href'])).map(([href]) => href ?? '');
    expect(links.map((href) => new URL(href, stack!.url).searchParams.get('groupBy')).sort()).toEqual(['camera', 'day', 'hour', 'rule', 'ward']);
    const wardsCsv = links.find((href) => href.includes('groupBy=ward'))!;
    expect(new URL(wardsCsv, stack!.url).pathname).toBe('/api/dashboard/summary.csv');
    const res = await supervisor.fetch(wardsCsv);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines.find((l) => l.startsWith('hoan-kiem,'))).toMatch(/^hoan-kiem,Phường Hoàn Kiếm,6,2,3,1,0\.75,[\d.]+,2$/);
    expect(lines).toHaveLength(4);
  });

  it('narrows by period (last 7 days, chosen dates) and ward, keeping the choice in the address', async () => {
    const { page } = browser;
    await page.getByLabel(dash.period, { exact: true }).selectOption('7');
    await urlBecomes(page, /period=7/);
    await until(page, `new URL(location.href).searchParams.get('period') === '7' && document.querySelector('[aria-busy="false"]') !== null`);
    expect(await page.getByTestId('kpi-total').textContent()).toBe('12');

    await page.getByLabel(dash.period, { exact: true }).selectOption('custom');
    await page.getByLabel(dash.from, { exact: true }).fill('01/01/2024');
    await page.getByLabel(dash.to, { exact: true }).fill('31/01/2024');
    await urlBecomes(page, /period=custom&from=2024-01-01&to=2024-01-31/);
    await page.getByText(dash.empty).waitFor();
    await until(page, `document.querySelector('[data-testid="kpi-total"]')?.textContent === '0'`);
    expect(await page.getByTestId('dashboard-period').textContent()).toContain('01/01/2024');
    expect(await page.locator('td[data-weekday][data-count="0"]').count()).toBe(168);
    await shot('dashboard-empty');

    await page.getByLabel(dash.period, { exact: true }).selectOption('30');
    await page.getByLabel(dash.ward, { exact: true }).selectOption('hoan-kiem');
    await urlBecomes(page, /ward=hoan-kiem/);
    await until(page, `document.querySelector('[data-testid="kpi-total"]')?.textContent === '6'`);
    const period = lastDays(30);
    await expectFiguresOf(page, await supervisor.get<DashboardResponse>(`/api/dashboard?from=${period.from}&to=${period.to}&ward=hoan-kiem`));
  });

  it('keeps its layout on tablets', async () => {
    const { page } = browser;
    for (const size of TABLETS) {
      await page.setViewportSize(size);
      await page.goto(`${stack!.url}/dashboard`);
      await page.getByTestId('kpi-total').waitFor();
      await until(page, `document.querySelectorAll('.recharts-bar-rectangle').length > 0`);
      expect(await horizontalOverflow(page)).toBe(0);
      await shot('dashboard', true);
    }
    await page.setViewportSize(DESKTOP);
  });

  it('shows where the evidence was that the retention policy deleted, and offers no reopening', async () => {
    const { page } = browser;
    await page.goto(`${stack!.url}/history`);
    await waitForRowCount(page, 6);
    const row = page.locator(`tr[data-case-id="${purgedId}"]`);
    expect(await row.textContent()).toContain(dash.historyPurged);
    expect(await row.getByRole('button', { name: words.reopen }).count()).toBe(0);
    await page.goto(`${stack!.url}/cases/${purgedId}`);
    const date = hanoiDayOf(Date.parse(purgedAt)).split('-').reverse().join('/');
    await page.getByTestId('evidence-purged').getByText(dash.purged(date)).waitFor();
    expect(await page.locator('video').count()).toBe(0);
    expect(await page.locator('.snapshot__image').count()).toBe(0);
    expect(await horizontalOverflow(page)).toBe(0);
    await shot('case-purged');
  });

  it("shows an officer only their own ward's figures", async () => {
    const { page } = browser;
    await page.getByRole('button', { name: words.signOut }).click();
    await urlBecomes(page, /\/login/);
    await signIn(page, words, OFFICER, stack!.password);
    await urlBecomes(page, /\/queue/);
    await openDashboard(page);
    const officer = await ConsoleClient.signIn(stack!.url, OFFICER, stack!.password);
    const period = lastDays(30);
    const api = await officer.get<DashboardResponse>(`/api/dashboard?from=${period.from}&to=${period.to}`);
    expect(api.wards.map((w) => w.ward)).toEqual(['hoan-kiem']);
    expect([api.totals.total, api.totals.confirmed, api.totals.dismissed, api.totals.backlog]).toEqual([6, 3, 1, 2]);
    await expectFiguresOf(page, api);
    // One ward: nothing to choose between.
    expect(await page.getByLabel(dash.ward, { exact: true }).count()).toBe(0);
    await shot('dashboard-officer');
  });

  it('gives an installer no dashboard', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: words.signOut }).click();
    await urlBecomes(page, /\/login/);
    await signIn(page, words, INSTALLER, stack!.password);
    await urlBecomes(page, /\/cameras/);
    await page.getByRole('heading', { level: 1, name: words.camerasTitle }).waitFor();
    expect(await page.getByRole('link', { name: dash.nav, exact: true }).count()).toBe(0);
    await page.goto(`${stack!.url}/dashboard`);
    await urlBecomes(page, /\/cameras$/);
  });
});
