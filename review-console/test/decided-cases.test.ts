import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violationPage, type ViolationPage } from '../src/api/api-types.js';
import { startHarness, type Client, type Harness } from './support/app-harness.js';
import { databaseTargets } from './support/test-databases.js';

const targets = await databaseTargets();
const EXPORT = '/api/export.csv?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';

/*
 * The decision history reads who decided and why from the list itself (no request per case),
 * and the CSV export writes reasons in Vietnamese words beside their codes.
 */
describe.each(targets)('decided cases on $name', (target) => {
  let h: Harness;
  let officer: Client;
  let other: Client;
  const ids: Record<'confirmed' | 'dismissed' | 'freeText' | 'pending' | 'elsewhere', string> = { confirmed: '', dismissed: '', freeText: '', pending: '', elsewhere: '' };

  const list = async (client: Client, query: string): Promise<ViolationPage> => {
    const res = await client.request('GET', `/api/violations?${query}`);
    expect(res.status, query).toBe(200);
    return violationPage.parse(await res.json());
  };

  beforeAll(async () => {
    h = await startHarness(target);
    officer = await h.login('canbo.hoankiem');
    other = await h.login('canbo.cuanam');
    const t0 = Date.parse('2025-06-01T02:00:00.000Z');
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    ids.confirmed = (await h.addCase('hoan-kiem', { triggeredAt: at(0) })).violationId;
    ids.dismissed = (await h.addCase('hoan-kiem', { triggeredAt: at(10), ruleType: 'littering' })).violationId;
    ids.freeText = (await h.addCase('hoan-kiem', { triggeredAt: at(20) })).violationId;
    ids.pending = (await h.addCase('hoan-kiem', { triggeredAt: at(30) })).violationId;
    ids.elsewhere = (await h.addCase('cua-nam', { triggeredAt: at(40) })).violationId;
    const decide = async (client: Client, id: string, body: object) => expect((await client.request('POST', `/api/violations/${id}/decision`, { body })).status).toBe(200);
    await decide(officer, ids.confirmed, { decision: 'confirmed', reason: 'clear_violation', plate: '29A-123.45', note: 'seen at 0:03' });
    await decide(officer, ids.dismissed, { decision: 'dismissed', reason: 'owner_returned' });
    await decide(officer, ids.freeText, { decision: 'dismissed', reason: 'xe cứu thương' });
    await decide(other, ids.elsewhere, { decision: 'confirmed', reason: 'blocking_way' });
  });
  afterAll(async () => h?.close());

  it('status=decided lists confirmed and dismissed cases newest first, each with who decided and why', async () => {
    const page = await list(officer, 'status=decided');
    expect(page.items.map((i) => i.id)).toEqual([ids.freeText, ids.dismissed, ids.confirmed]);
    const confirmed = page.items.find((i) => i.id === ids.confirmed)!;
    expect(confirmed.decision).toMatchObject({ decision: 'confirmed', reason: 'clear_violation', decidedBy: { username: 'canbo.hoankiem' } });
    expect(confirmed.decision?.decidedAt).toBe(confirmed.decidedAt);
    // Plate and note are personal data: the case view shows them, lists do not.
    expect(confirmed.decision).not.toHaveProperty('plate');
    expect(confirmed.decision).not.toHaveProperty('note');
    expect(page.items.find((i) => i.id === ids.dismissed)?.decision).toMatchObject({ decision: 'dismissed', reason: 'owner_returned' });

    const oneStatus = await list(officer, 'status=dismissed');
    expect(oneStatus.items.map((i) => i.id)).toEqual([ids.freeText, ids.dismissed]);
    const pending = await list(officer, 'status=pending');
    expect(pending.items.map((i) => [i.id, i.decision])).toEqual([[ids.pending, null]]);
  });

  it('status=decided pages with a cursor and stays inside the caller\'s wards', async () => {
    const first = await list(officer, 'status=decided&limit=2');
    expect(first.items).toHaveLength(2);
    const second = await list(officer, `status=decided&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual([ids.freeText, ids.dismissed, ids.confirmed]);
    expect(second.nextCursor).toBeNull();
    expect((await list(other, 'status=decided')).items.map((i) => i.id)).toEqual([ids.elsewhere]);
    expect((await officer.request('GET', '/api/violations?status=decided&ward=cua-nam')).status).toBe(404);
    expect((await officer.request('GET', '/api/violations?status=undecided')).status).toBe(400);
  });

  it('the CSV export has Vietnamese headers and words, each code in its own column; English on request', async () => {
    const csv = await (await officer.request('GET', EXPORT)).text();
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 7)).toEqual(['Mã vụ việc', 'Mã phường', 'Phường', 'Mã camera', 'Camera', 'Vi phạm', 'Mã vi phạm']);
    expect(header.slice(10, 14)).toEqual(['Kết quả', 'Lý do', 'Mã lý do', 'Ghi chú']);
    const row = (id: string) => lines.find((l) => l.startsWith(id))!;
    expect(row(ids.confirmed)).toContain(',Phường Hoàn Kiếm,');
    expect(row(ids.confirmed)).toContain(',Đã xác nhận,Vi phạm rõ ràng trong đoạn video,clear_violation,seen at 0:03,29A-123.45,canbo.hoankiem,');
    expect(row(ids.dismissed)).toContain(',Báo nhầm,Chủ đồ vật đã quay lại lấy,owner_returned,,');
    // Free text sent through the API is kept as written, with no code.
    expect(row(ids.freeText)).toContain(',Báo nhầm,xe cứu thương,,,');
    expect(csv).not.toContain(ids.elsewhere);

    const en = (await (await officer.request('GET', `${EXPORT}&lang=en`)).text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(en[0]!.split(',').slice(10, 14)).toEqual(['Outcome', 'Reason', 'Reason code', 'Note']);
    expect(en.find((l) => l.startsWith(ids.confirmed))).toContain(',Confirmed,Violation clearly visible in the clip,clear_violation,');
    expect((await officer.request('GET', `${EXPORT}&lang=fr`)).status).toBe(400);
  });
});
