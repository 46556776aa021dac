import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardResponse, SummaryResponse, SummaryRow } from '../src/api/api-types.js';
import { dashboardResponse, summaryResponse } from '../src/api/api-types.js';
import { ViolationRepository } from '../src/repositories/violation.repository.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { caseRow, type CaseSpec } from './support/case-rows.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();

/*
 * The period is local 2025-06-01 00:00 to 2025-06-03 00:00 (Asia/Ho_Chi_Minh, UTC+7), i.e.
 * 2025-05-31T17:00Z to 2025-06-02T17:00Z. Several cases sit just either side of local midnight,
 * where UTC bucketing would put them on another day (and another weekday and hour).
 */
const FROM = '2025-05-31T17:00:00.000Z';
const TO = '2025-06-02T17:00:00.000Z';
const PERIOD = `from=${FROM}&to=${TO}`;

const CASES: Record<string, CaseSpec> = {
  // Outside the period: local 2025-05-31 23:59:59. Pending, so in the backlog.
  A: { ward: 'hoan-kiem', camera: 'cam-1', rule: 'illegal_parking', triggered: '2025-05-31T16:59:59.000Z', status: 'pending' },
  // Local Sunday 2025-06-01 00:00 (UTC still 31 May).
  B: { ward: 'hoan-kiem', camera: 'cam-1', rule: 'illegal_parking', triggered: '2025-05-31T17:00:00.000Z', status: 'confirmed', decidedAfter: 600, plate: '29A-123.45' },
  C: { ward: 'hoan-kiem', camera: 'cam-1', rule: 'sidewalk_encroachment', triggered: '2025-05-31T23:30:00.000Z', status: 'dismissed', decidedAfter: 1_200 },
  // Local Sunday 23:59.
  D: { ward: 'hoan-kiem', camera: 'cam-2', rule: 'littering', triggered: '2025-06-01T16:59:00.000Z', status: 'confirmed', decidedAfter: 3_000 },
  // Local Monday 2025-06-02 00:00 (UTC still 1 June).
  E: { ward: 'hoan-kiem', camera: 'cam-2', rule: 'illegal_parking', triggered: '2025-06-01T17:00:00.000Z', status: 'pending' },
  // Same camera id as hoan-kiem's cam-1, in another ward.
  F: { ward: 'cua-nam', camera: 'cam-1', rule: 'illegal_parking', triggered: '2025-06-02T02:00:00.000Z', status: 'confirmed', decidedAfter: 100 },
  G: { ward: 'cua-nam', camera: 'cam-1', rule: 'illegal_parking', triggered: '2025-06-02T16:30:00.000Z', status: 'dismissed', decidedAfter: 7_200 },
  H: { ward: 'tay-ho', camera: 'cam-9', rule: 'littering', triggered: '2025-06-02T10:00:00.000Z', status: 'confirmed', decidedAfter: 50 },
  // Local 2025-06-03 00:00: the end is exclusive. Pending, so in the backlog.
  I: { ward: 'hoan-kiem', camera: 'cam-1', rule: 'illegal_parking', triggered: '2025-06-02T17:00:00.000Z', status: 'pending' },
  // A month earlier, still pending.
  J: { ward: 'cua-nam', camera: 'cam-1', rule: 'illegal_parking', triggered: '2025-05-01T00:00:00.000Z', status: 'pending' },
  K: { ward: 'hoan-kiem', camera: 'cam-1', rule: 'illegal_parking', triggered: '2025-06-02T05:00:00.000Z', status: 'confirmed', decidedAfter: 400 },
};

type Figs = Pick<SummaryRow, 'total' | 'pending' | 'confirmed' | 'dismissed' | 'confirmationRate' | 'medianDecisionSeconds' | 'backlog'>;
const figs = (total: number, pending: number, confirmed: number, dismissed: number, confirmationRate: number | null, medianDecisionSeconds: number | null, backlog: number | null): Figs =>
  ({ total, pending, confirmed, dismissed, confirmationRate, medianDecisionSeconds, backlog });
const pick = (row: SummaryRow | undefined): Figs | undefined =>
  row && figs(row.total, row.pending, row.confirmed, row.dismissed, row.confirmationRate, row.medianDecisionSeconds, row.backlog);

async function json<T>(client: Client, path: string): Promise<T> {
  const res = await client.request('GET', path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe.each(targets)('district dashboard figures on $name', (target) => {
  let h: Harness;
  let admin: Client;
  let supervisor: Client;
  let officer: Client;
  let installer: Client;

  beforeAll(async () => {
    h = await startHarness(target);
    await new ViolationRepository(h.db.db).insertMany(Object.values(CASES).map(caseRow));
    admin = await h.login('admin');
    supervisor = await h.login('giamsat');
    officer = await h.login('canbo.hoankiem');
    installer = await h.login('lapdat');
  });
  afterAll(async () => h?.close());

  it('totals, wards, rules and cameras match the hand-computed figures, days and hours in local time', async () => {
    const page = dashboardResponse.parse(await json<DashboardResponse>(admin, `/api/dashboard?${PERIOD}`));
    expect(page.timeZone).toBe('Asia/Ho_Chi_Minh');
    // In the period: B C D E F G H K. Decision times 50 100 400 600 1200 3000 7200 -> median 600.
    expect(page.totals).toEqual(figs(8, 1, 5, 2, 0.7143, 600, 4));

    const ward = (id: string) => pick(page.wards.find((w) => w.ward === id));
    expect(page.wards.map((w) => w.ward)).toEqual(['ba-dinh', 'cua-nam', 'hoan-kiem', 'tay-ho']);
    expect(page.wards.find((w) => w.ward === 'hoan-kiem')?.wardName).toBe('Phường Hoàn Kiếm');
    expect(ward('hoan-kiem')).toEqual(figs(5, 1, 3, 1, 0.75, 900, 3));
    expect(ward('cua-nam')).toEqual(figs(2, 0, 1, 1, 0.5, 3_650, 1));
    expect(ward('tay-ho')).toEqual(figs(1, 0, 1, 0, 1, 50, 0));
    expect(ward('ba-dinh')).toEqual(figs(0, 0, 0, 0, null, null, 0));

    expect(page.rules.map((r) => [r.ruleType, pick(r)])).toEqual([
      ['illegal_parking', figs(5, 1, 3, 1, 0.75, null, 4)],
      ['sidewalk_encroachment', figs(1, 0, 0, 1, 0, null, 0)],
      ['littering', figs(2, 0, 2, 0, 1, null, 0)],
    ]);

    expect(page.cameras.map((c) => [c.key, c.cameraName, pick(c)])).toEqual([
      ['hoan-kiem/cam-1', 'Camera cam-1', figs(3, 0, 2, 1, 0.6667, null, 2)],
      ['cua-nam/cam-1', 'Camera cam-1', figs(2, 0, 1, 1, 0.5, null, 1)],
      ['hoan-kiem/cam-2', 'Camera cam-2', figs(2, 1, 1, 0, 1, null, 1)],
      ['tay-ho/cam-9', 'Camera cam-9', figs(1, 0, 1, 0, 1, null, 0)],
    ]);
    expect(page.hotspots.map((c) => c.key)).toEqual(page.cameras.map((c) => c.key));
  });

  it('the daily trend counts local days (UTC days would give 2 / 2 / 4 over three days)', async () => {
    const page = await json<DashboardResponse>(admin, `/api/dashboard?${PERIOD}`);
    expect(page.daily.map((d) => [d.day, d.total, d.confirmed, d.backlog])).toEqual([
      ['2025-06-01', 3, 2, null],
      ['2025-06-02', 5, 3, null],
    ]);
    expect(pick(page.daily[0])).toEqual(figs(3, 0, 2, 1, 0.6667, null, null));
  });

  it('the heatmap has all 168 local weekday x hour cells, with each case in its local cell', async () => {
    const page = await json<DashboardResponse>(admin, `/api/dashboard?${PERIOD}`);
    expect(page.heatmap).toHaveLength(168);
    expect(page.heatmap[0]).toMatchObject({ key: '1-0', weekday: 1, hour: 0 });
    const nonZero = page.heatmap.filter((c) => c.total > 0).map((c) => `${c.weekday}-${c.hour}:${c.total}`).sort();
    // Sunday (7) 00:00 B, 06:00 C, 23:00 D; Monday (1) 00:00 E, 09:00 F, 12:00 K, 17:00 H, 23:00 G.
    expect(nonZero).toEqual(['1-0:1', '1-12:1', '1-17:1', '1-23:1', '1-9:1', '7-0:1', '7-23:1', '7-6:1']);
  });

  it('the summary API answers each table alone, the same as the page, and narrows by camera and rule', async () => {
    const page = await json<DashboardResponse>(admin, `/api/dashboard?${PERIOD}`);
    const tables = { ward: page.wards, rule: page.rules, camera: page.cameras, day: page.daily, hour: page.heatmap } as const;
    for (const [groupBy, rows] of Object.entries(tables)) {
      const summary = summaryResponse.parse(await json<SummaryResponse>(admin, `/api/dashboard/summary?${PERIOD}&groupBy=${groupBy}`));
      expect(summary.groupBy).toBe(groupBy);
      expect(summary.rows, groupBy).toEqual(rows);
    }
    const narrowed = await json<SummaryResponse>(admin, `/api/dashboard/summary?${PERIOD}&groupBy=rule&ward=hoan-kiem&camera=cam-2`);
    expect(narrowed.rows.map((r) => [r.ruleType, r.total, r.pending, r.backlog])).toEqual([
      ['illegal_parking', 1, 1, 1],
      ['sidewalk_encroachment', 0, 0, 0],
      ['littering', 1, 0, 0],
    ]);
    const oneRule = await json<SummaryResponse>(admin, `/api/dashboard/summary?${PERIOD}&groupBy=ward&rule=littering`);
    expect(oneRule.rows.map((r) => [r.ward, r.total])).toEqual([['ba-dinh', 0], ['cua-nam', 0], ['hoan-kiem', 1], ['tay-ho', 1]]);
  });

  it('supervisors see their district, officers their ward; other wards are 404 and installers 403', async () => {
    const district = await json<DashboardResponse>(supervisor, `/api/dashboard?${PERIOD}`);
    expect(district.wards.map((w) => w.ward)).toEqual(['ba-dinh', 'cua-nam', 'hoan-kiem']);
    expect(district.totals).toEqual(figs(7, 1, 4, 2, 0.6667, 900, 4));
    expect(district.cameras.some((c) => c.ward === 'tay-ho')).toBe(false);

    const own = await json<DashboardResponse>(officer, `/api/dashboard?${PERIOD}`);
    expect(own.wards.map((w) => w.ward)).toEqual(['hoan-kiem']);
    expect(own.totals).toEqual(figs(5, 1, 3, 1, 0.75, 900, 3));
    expect(own.daily.reduce((sum, d) => sum + d.total, 0)).toBe(5);
    const ownRules = await json<SummaryResponse>(officer, `/api/dashboard/summary?${PERIOD}&groupBy=camera`);
    expect(ownRules.rows.length).toBeGreaterThan(0);
    expect(ownRules.rows.every((r) => r.ward === 'hoan-kiem')).toBe(true);

    for (const path of [`/api/dashboard?${PERIOD}&ward=cua-nam`, `/api/dashboard/summary?${PERIOD}&ward=cua-nam`, `/api/dashboard/summary.csv?${PERIOD}&ward=tay-ho`]) {
      expect((await officer.request('GET', path)).status, path).toBe(404);
    }
    expect((await supervisor.request('GET', `/api/dashboard/summary?${PERIOD}&ward=tay-ho`)).status).toBe(404);
    for (const path of [`/api/dashboard?${PERIOD}`, `/api/dashboard/summary?${PERIOD}`, `/api/dashboard/summary.csv?${PERIOD}`, `/api/dashboard/summary?${PERIOD}&format=csv`]) {
      expect((await installer.request('GET', path)).status, path).toBe(403);
      expect((await fetch(`${h.url}${path}`)).status, path).toBe(401);
    }
  });

  it('every table exports as CSV, through format=csv or summary.csv', async () => {
    const res = await admin.request('GET', `/api/dashboard/summary?${PERIOD}&groupBy=ward&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="wardwatch-ward-all-2025-06-01-2025-06-02\.csv"/);
    const body = await res.text();
    expect(body.split('\r\n')).toEqual([
      'Mã phường,Phường,Tổng số vụ,Chưa xử lý,Đã xác nhận,Báo nhầm,Tỷ lệ xác nhận,Thời gian xử lý trung vị (giây),Tồn đọng hiện tại',
      'ba-dinh,Phường Ba Đình,0,0,0,0,,,0',
      'cua-nam,Phường Cửa Nam,2,0,1,1,0.5,3650,1',
      'hoan-kiem,Phường Hoàn Kiếm,5,1,3,1,0.75,900,3',
      'tay-ho,Phường Tây Hồ,1,0,1,0,1,50,0',
      '',
    ]);
    expect(await (await admin.request('GET', `/api/dashboard/summary.csv?${PERIOD}&groupBy=ward`)).text()).toBe(body);

    const heads: Record<string, string> = {
      rule: 'Loại vi phạm,Mã loại vi phạm,Tổng số vụ', camera: 'Mã phường,Phường,Mã camera,Camera,Tổng số vụ', day: 'Ngày (giờ Hà Nội),Tổng số vụ', hour: 'Thứ,Giờ (giờ Hà Nội),Tổng số vụ',
    };
    for (const [groupBy, head] of Object.entries(heads)) {
      const csv = await (await admin.request('GET', `/api/dashboard/summary.csv?${PERIOD}&groupBy=${groupBy}`)).text();
      const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
      expect(lines[0]!.startsWith(head), groupBy).toBe(true);
      expect(lines.length - 1, groupBy).toBe({ rule: 3, camera: 4, day: 2, hour: 168 }[groupBy]);
    }
    const days = await (await admin.request('GET', `/api/dashboard/summary.csv?${PERIOD}&groupBy=day`)).text();
    expect(days).toContain('\r\n2025-06-01,3,0,2,1,0.6667,,\r\n');
    // In English on request, rules and weekdays in words too.
    const rules = await (await admin.request('GET', `/api/dashboard/summary.csv?${PERIOD}&groupBy=rule&lang=en`)).text();
    expect(rules.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Violation type,Violation code,Cases,Not yet decided,Confirmed,False alarm,Confirmation rate,Median time to decide (seconds),Waiting now');
    expect(rules).toContain('\r\nIllegal parking,illegal_parking,');
    expect(await (await admin.request('GET', `/api/dashboard/summary.csv?${PERIOD}&groupBy=hour&lang=en`)).text()).toContain('\r\nMonday,0,');
  });

  it('rejects an empty or reversed period and unknown groupings', async () => {
    expect((await admin.request('GET', `/api/dashboard?from=${TO}&to=${FROM}`)).status).toBe(400);
    expect((await admin.request('GET', `/api/dashboard/summary?${PERIOD}&groupBy=week`)).status).toBe(400);
    expect((await admin.request('GET', '/api/dashboard/summary?groupBy=ward')).status).toBe(400);
  });

  it('the deprecated /api/stats view is gone; its per-rule counts come from the summary', async () => {
    expect((await admin.request('GET', `/api/stats?${PERIOD}`)).status).toBe(404);
  });

  it('compares with the period before, counts overdue cases per ward, and says who decided how many', async () => {
    const page = dashboardResponse.parse(await json<DashboardResponse>(admin, `/api/dashboard?${PERIOD}`));
    // The two days before: only A (pending).
    expect(page.previous).toMatchObject({ from: '2025-05-29T17:00:00.000Z', to: FROM });
    expect(pick({ ...page.previous.totals, key: '' } as SummaryRow)).toMatchObject({ total: 1, pending: 1, confirmed: 0, dismissed: 0 });
    // Every waiting case is long past the 24 h deadline; the oldest of each ward is named.
    expect(page.deadline.hours).toBe(24);
    expect(page.deadline.wards).toEqual([
      { ward: 'ba-dinh', wardName: 'Phường Ba Đình', pending: 0, overdue: 0, oldestReceivedAt: null },
      { ward: 'cua-nam', wardName: 'Phường Cửa Nam', pending: 1, overdue: 1, oldestReceivedAt: '2025-05-01T00:00:05.000Z' },
      { ward: 'hoan-kiem', wardName: 'Phường Hoàn Kiếm', pending: 3, overdue: 3, oldestReceivedAt: '2025-05-31T17:00:04.000Z' },
      { ward: 'tay-ho', wardName: 'Phường Tây Hồ', pending: 0, overdue: 0, oldestReceivedAt: null },
    ]);
    // The seeded decisions have no officer; one decided through the API counts for its officer.
    expect(page.officers).toEqual([]);
    const e = (await json<{ items: { id: string; triggeredAt: string }[] }>(officer, '/api/violations?status=pending&limit=50')).items.find((c) => c.triggeredAt === CASES.E!.triggered)!;
    expect((await officer.request('POST', `/api/violations/${e.id}/decision`, { body: { decision: 'confirmed', reason: 'clear_violation' } })).status).toBe(200);
    const after = await json<DashboardResponse>(admin, `/api/dashboard?${PERIOD}`);
    expect(after.officers).toEqual([{ username: 'canbo.hoankiem', decided: 1, confirmed: 1, dismissed: 0 }]);
    expect(after.deadline.wards.find((w) => w.ward === 'hoan-kiem')).toMatchObject({ pending: 2, overdue: 2 });
    // A supervisor sees only the district's wards.
    const district = await json<DashboardResponse>(supervisor, `/api/dashboard?${PERIOD}`);
    expect(district.deadline.wards.map((w) => w.ward)).toEqual(['ba-dinh', 'cua-nam', 'hoan-kiem']);
  });
});
