import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage } from '../src/api/api-types.js';
import { appendAudit } from '../src/repositories/audit.repository.js';
import { AUDIT_CSV_MAX_ROWS } from '../src/services/audit.service.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();

/** CSV rows as cells; the UTF-8 byte order mark (for Excel) is checked and dropped. */
function csvRows(bytes: Buffer): string[][] {
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows: string[][] = [];
  for (const line of bytes.subarray(3).toString('utf8').split('\r\n')) {
    if (line === '') continue;
    const cells: string[] = [];
    for (const match of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      const cell = match[1] ?? '';
      cells.push(cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
      if (match[2] === '') break;
    }
    rows.push(cells);
  }
  return rows;
}

describe.each(targets)('the audit log on $name: filters by user and period, and as CSV in the reader’s language', (target) => {
  let h: Harness;
  let admin: Client;
  let supervisor: Client;
  let officer: Client;
  let otherOfficer: Client;
  let confirmedId: string;
  let dismissedId: string;

  const page = async (client: Client, query: string): Promise<AuditEntry[]> => {
    const res = await client.request('GET', `/api/audit?limit=200&${query}`);
    expect(res.status, query).toBe(200);
    return ((await res.json()) as AuditPage).items;
  };
  const csv = async (client: Client, query: string) => {
    const res = await client.request('GET', `/api/audit.csv?${query}`);
    expect(res.status, query).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="wardwatch-audit-[\w-]+\.csv"$/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    return csvRows(Buffer.from(await res.arrayBuffer()));
  };

  beforeAll(async () => {
    h = await startHarness(target);
    admin = await h.login('admin');
    supervisor = await h.login('giamsat');
    officer = await h.login('canbo.hoankiem');
    otherOfficer = await h.login('canbo.cuanam');
    confirmedId = (await h.addCase('hoan-kiem')).violationId;
    dismissedId = (await h.addCase('cua-nam')).violationId;
    expect((await officer.request('POST', `/api/violations/${confirmedId}/decision`, { body: { decision: 'confirmed', reason: 'clear_violation' } })).status).toBe(200);
    expect((await otherOfficer.request('POST', `/api/violations/${dismissedId}/decision`, { body: { decision: 'dismissed', reason: 'false_detection' } })).status).toBe(200);
    // Entries at known instants around a Hanoi midnight (17:00 UTC), to test the period's edges.
    const at = (iso: string, ward: string, username: string) => appendAudit(h.db.db, { at: iso, actor: { id: `id-${username}`, username }, action: 'media_view', violationId: confirmedId, ward, after: { kind: 'clip' } });
    await at('2025-06-01T16:59:59.999Z', 'hoan-kiem', 'past.viewer');
    await at('2025-06-01T17:00:00.000Z', 'hoan-kiem', 'past.viewer');
    await at('2025-06-02T16:59:59.999Z', 'cua-nam', 'past.viewer');
    await at('2025-06-02T17:00:00.000Z', 'hoan-kiem', 'past.viewer');
    await at('2025-06-02T05:00:00.000Z', 'tay-ho', 'past.viewer');
  });
  afterAll(async () => h?.close());

  it('with actor, lists only what that user did, matching the username exactly', async () => {
    const mine = await page(admin, 'actor=canbo.hoankiem');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((e) => e.actor?.username)).toEqual(mine.map(() => 'canbo.hoankiem'));
    expect(mine.map((e) => `${e.action}:${e.violationId}`)).toContain(`decision:${confirmedId}`);
    expect(await page(admin, 'actor=canbo')).toEqual([]);
    expect(await page(admin, 'actor=CANBO.HOANKIEM')).toEqual([]);
    const theirs = await page(supervisor, 'actor=canbo.cuanam&action=decision');
    expect(theirs.map((e) => e.violationId)).toEqual([dismissedId]);
  });

  it('with a case id, matches it whole or by the first characters the screens show', async () => {
    const whole = await page(admin, `violationId=${confirmedId}&action=decision`);
    expect(whole.map((e) => e.violationId)).toEqual([confirmedId]);
    // Ids made within a minute share their first characters (they start with the time): all of those come.
    const short = (await page(admin, `violationId=${confirmedId.slice(0, 8).toUpperCase()}&action=decision`)).map((e) => e.violationId);
    expect(short).toContain(confirmedId);
    expect(short.every((id) => id?.startsWith(confirmedId.slice(0, 8)))).toBe(true);
    expect(await page(admin, 'violationId=ffffffff&action=decision')).toEqual([]);
    // Not the start of an id (or a LIKE pattern): nothing, rather than everything.
    expect(await page(admin, 'violationId=%25&action=decision')).toEqual([]);
    expect(await page(admin, `violationId=${confirmedId.slice(4, 12)}&action=decision`)).toEqual([]);
  });

  it('with from and to, keeps entries at or after from and before to, whatever offset the instants are written with', async () => {
    const times = async (query: string) => (await page(admin, `actor=past.viewer&${query}`)).map((e) => e.at);
    // One Hanoi day, 02/06/2025: 17:00 UTC the day before up to 17:00 UTC.
    expect(await times('from=2025-06-01T17:00:00Z&to=2025-06-02T17:00:00Z')).toEqual(['2025-06-02T05:00:00.000Z', '2025-06-02T16:59:59.999Z', '2025-06-01T17:00:00.000Z']);
    expect(await times(`from=${encodeURIComponent('2025-06-02T00:00:00+07:00')}&to=${encodeURIComponent('2025-06-03T00:00:00+07:00')}`)).toEqual(['2025-06-02T05:00:00.000Z', '2025-06-02T16:59:59.999Z', '2025-06-01T17:00:00.000Z']);
    expect(await times('from=2025-06-02T17:00:00.000Z')).toEqual(['2025-06-02T17:00:00.000Z']);
    expect(await times('to=2025-06-01T17:00:00.000Z')).toEqual(['2025-06-01T16:59:59.999Z']);
    expect(await times('from=2025-06-03T00:00:00Z&to=2025-06-01T00:00:00Z')).toEqual([]);
    // The supervisor of trung-tam does not see Tây Hồ's entry, filters or not.
    expect((await page(supervisor, 'actor=past.viewer&from=2025-06-01T17:00:00Z&to=2025-06-02T17:00:00Z')).map((e) => e.ward)).toEqual(['cua-nam', 'hoan-kiem']);
    expect((await admin.request('GET', '/api/audit?from=yesterday')).status).toBe(400);
  });

  it('pages through a filtered list with the cursor, newest first, without repeats', async () => {
    const all = await page(admin, 'actor=past.viewer');
    expect(all).toHaveLength(5);
    const first = (await (await admin.request('GET', '/api/audit?actor=past.viewer&limit=2')).json()) as AuditPage;
    const second = (await (await admin.request('GET', `/api/audit?actor=past.viewer&limit=2&cursor=${first.nextCursor}`)).json()) as AuditPage;
    const third = (await (await admin.request('GET', `/api/audit?actor=past.viewer&limit=2&cursor=${second.nextCursor}`)).json()) as AuditPage;
    expect([...first.items, ...second.items, ...third.items].map((e) => e.id)).toEqual(all.map((e) => e.id));
    expect(third.nextCursor).toBeNull();
  });

  it('as CSV in Vietnamese by default: Hanoi time, the user, the action and details in words, the ward by name', async () => {
    const rows = await csv(supervisor, 'action=decision');
    expect(rows[0]).toEqual(['Thời điểm', 'Người thực hiện', 'Hành động', 'Mã vụ việc', 'Phường', 'Chi tiết']);
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([
      ['canbo.cuanam', 'Xử lý vụ việc', dismissedId, 'Phường Cửa Nam', 'Báo nhầm: Nhận diện sai (bóng, ánh sáng, vật khác)'],
      ['canbo.hoankiem', 'Xử lý vụ việc', confirmedId, 'Phường Hoàn Kiếm', 'Đã xác nhận: Vi phạm rõ ràng trong đoạn video'],
    ]);
    for (const row of rows.slice(1)) expect(row[0]).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    const period = await csv(supervisor, 'actor=past.viewer&from=2025-06-01T17:00:00Z&to=2025-06-02T17:00:00Z&lang=vi');
    expect(period.slice(1)).toEqual([
      ['23:59 02/06/2025', 'past.viewer', 'Xem bằng chứng', confirmedId, 'Phường Cửa Nam', 'video'],
      ['00:00 02/06/2025', 'past.viewer', 'Xem bằng chứng', confirmedId, 'Phường Hoàn Kiếm', 'video'],
    ]);
  });

  it('as CSV in English with lang=en, with the same filters', async () => {
    const rows = await csv(admin, 'lang=en&actor=canbo.hoankiem&action=decision');
    expect(rows[0]).toEqual(['Time', 'User', 'Action', 'Case id', 'Ward', 'Details']);
    expect(rows.slice(1).map((r) => r.slice(1))).toEqual([['canbo.hoankiem', 'Case decided', confirmedId, 'Phường Hoàn Kiếm', 'Confirmed: Violation clearly visible in the clip']]);
    const period = await csv(admin, 'lang=en&actor=past.viewer&to=2025-06-01T17:00:00Z');
    expect(period.slice(1)).toEqual([['23:59 01/06/2025', 'past.viewer', 'Evidence viewed', confirmedId, 'Phường Hoàn Kiếm', 'clip']]);
  });

  it('puts user administration in words for admins, and refuses officers, installers, paging and unknown languages', async () => {
    const tayho = (await h.services.admin.listUsers()).find((u) => u.username === 'canbo.tayho')!;
    expect((await admin.request('PATCH', `/api/admin/users/${tayho.id}`, { body: { disabled: true, role: 'supervisor', districtId: 'phia-tay' } })).status).toBe(200);
    const vi = await csv(admin, 'action=user_updated');
    expect(vi.slice(1).map((r) => r.slice(1))).toEqual([['admin', 'Sửa tài khoản', '', '', 'canbo.tayho: cán bộ phường → giám sát, khoá tài khoản, đổi quận']]);
    const en = await csv(admin, 'action=user_updated&lang=en');
    expect(en.slice(1).map((r) => r[5])).toEqual(['canbo.tayho: ward officer → supervisor, account disabled, district changed']);
    // Ward-less entries (user administration) are not a supervisor's to read.
    expect(await csv(supervisor, 'action=user_updated')).toHaveLength(1);

    for (const client of [officer, await h.login('lapdat')]) {
      const res = await client.request('GET', '/api/audit.csv');
      expect(res.status, client.username).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    for (const query of ['lang=fr', 'cursor=5', 'limit=10', 'from=01/06/2025']) expect((await admin.request('GET', `/api/audit.csv?${query}`)).status, query).toBe(400);
    expect((await supervisor.request('GET', '/api/audit.csv?ward=tay-ho')).status).toBe(404);
  });

  it(`stops at ${AUDIT_CSV_MAX_ROWS.toLocaleString('en')} rows, keeping the newest`, async () => {
    const total = AUDIT_CSV_MAX_ROWS + 5;
    const batch = 2_000;
    for (let start = 0; start < total; start += batch) {
      const values = Array.from({ length: Math.min(batch, total - start) }, (_, i) => ({
        at: new Date(Date.UTC(2024, 0, 1) + (start + i) * 1_000).toISOString(),
        actor_id: 'id-bulk',
        actor_username: 'bulk.viewer',
        action: 'media_view',
        violation_id: confirmedId,
        ward_id: 'hoan-kiem',
        before_json: null,
        after_json: JSON.stringify({ kind: 'snapshot' }),
      }));
      await h.db.db.insertInto('audit_log').values(values).execute();
    }
    const rows = await csv(admin, 'actor=bulk.viewer');
    expect(rows).toHaveLength(AUDIT_CSV_MAX_ROWS + 1);
    // Newest first: the last written is first, the five oldest are left out.
    const newest = new Date(Date.UTC(2024, 0, 1) + (total - 1) * 1_000 + 7 * 3_600_000);
    expect(rows[1]![0]).toBe(`${String(newest.getUTCHours()).padStart(2, '0')}:${String(newest.getUTCMinutes()).padStart(2, '0')} ${String(newest.getUTCDate()).padStart(2, '0')}/${String(newest.getUTCMonth() + 1).padStart(2, '0')}/${newest.getUTCFullYear()}`);
    expect(rows[1]![5]).toBe('ảnh chụp');
  });
});
