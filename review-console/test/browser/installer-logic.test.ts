/*
 * The installer screens' pure parts, checked without a browser: how a typed login goes into a
 * camera URL, how zone points are added, moved and removed, and how an agent's state reads.
 */
import { describe, expect, it } from 'vitest';

/* The web UI is its own TypeScript project; its modules are loaded by URL (see ui-words-format.test.ts). */
type Point = [number, number];
const webModule = async <T>(path: string): Promise<T> => (await import(new URL(`../../web/src/${path}`, import.meta.url).href)) as T;
const url = await webModule<{
  withCredentials: (url: string, username: string, password: string) => string;
  withoutCredentials: (url: string) => string;
  urlHasCredentials: (url: string) => boolean;
}>('installer/camera-url.ts');
const draft = await webModule<{
  addPoint: (polygon: Point[], point: Point, after: number | null) => { polygon: Point[]; index: number };
  removePoint: (polygon: Point[], index: number) => Point[];
  movePoint: (polygon: Point[], index: number, point: Point) => Point[];
  pointAfter: (polygon: Point[], after: number | null) => Point;
  clampPoint: (x: number, y: number) => Point;
  zoneIdFromName: (name: string, others: { id: string }[]) => string;
  newZone: (zones: { id: string }[], name: string) => { id: string; name: string };
  newRule: (type: string) => { type: string; graceSeconds: number; classes: string[] };
}>('installer/zone-draft.ts');
type Agent = { revokedAt: string | null; lastSeenAt: string | null; runningVersion: string | null };
const status = await webModule<{
  presenceOf: (agent: Agent, now: number) => string;
  runningConfigOf: (agent: Agent) => { kind: string; version?: number; label?: string };
}>('installer/agent-status.ts');
const { enrolCommand } = await webModule<{ enrolCommand: (origin: string, token: string) => string }>('installer/enrolment-panel.tsx');

describe('camera URL and login', () => {
  it.each([
    ['no login typed: the URL as typed', 'rtsp://10.0.0.21:554/sub', '', '', 'rtsp://10.0.0.21:554/sub'],
    ['user and password go in front of the host', 'rtsp://10.0.0.21:554/sub', 'admin', 'secret', 'rtsp://admin:secret@10.0.0.21:554/sub'],
    ['an @ in the password stays as is (ffmpeg takes it unencoded)', 'rtsp://10.0.0.21/sub', 'admin', 'Adm1n@123', 'rtsp://admin:Adm1n@123@10.0.0.21/sub'],
    ['the typed login replaces the one in the URL', 'rtsp://old:pw@10.0.0.21/sub', 'new', 'pw2', 'rtsp://new:pw2@10.0.0.21/sub'],
    ['a user name alone', 'rtsp://10.0.0.21/sub', 'viewer', '', 'rtsp://viewer@10.0.0.21/sub'],
    ['characters that would end the login early are encoded', 'rtsp://10.0.0.21/sub', 'a:b', 'x/y#z', 'rtsp://a%3Ab:x%2Fy%23z@10.0.0.21/sub'],
    ['a file path has no login to carry', '/srv/clips/gate.mp4', 'admin', 'secret', '/srv/clips/gate.mp4'],
  ])('%s', (_name, input, user, password, expected) => {
    expect(url.withCredentials(input, user, password)).toBe(expected);
  });

  it('tells whether a URL carries a login and strips it, passwords with @ included', () => {
    expect(url.urlHasCredentials('rtsp://admin:Adm1n@123@10.0.0.21/sub')).toBe(true);
    expect(url.withoutCredentials('rtsp://admin:Adm1n@123@10.0.0.21/sub')).toBe('rtsp://10.0.0.21/sub');
    expect(url.urlHasCredentials('rtsp://10.0.0.21/sub')).toBe(false);
  });

  it('writes the enrolment command with this console and the token', () => {
    expect(enrolCommand('https://console.phuong.vn', 'wwe_abc123')).toBe('edge-agent run --console https://console.phuong.vn --enrol wwe_abc123');
  });
});

describe('zone points', () => {
  const square: Point[] = [[0.1, 0.1], [0.5, 0.1], [0.5, 0.5], [0.1, 0.5]];

  it('appends a point when none is selected and inserts after the selected one', () => {
    expect(draft.addPoint(square, [0.3, 0.7], null)).toEqual({ polygon: [...square, [0.3, 0.7]], index: 4 });
    expect(draft.addPoint(square, [0.3, 0.05], 0)).toEqual({ polygon: [[0.1, 0.1], [0.3, 0.05], [0.5, 0.1], [0.5, 0.5], [0.1, 0.5]], index: 1 });
  });

  it('moves and removes one point, leaving the others', () => {
    expect(draft.movePoint(square, 2, [0.6, 0.6])).toEqual([[0.1, 0.1], [0.5, 0.1], [0.6, 0.6], [0.1, 0.5]]);
    expect(draft.removePoint(square, 1)).toEqual([[0.1, 0.1], [0.5, 0.5], [0.1, 0.5]]);
  });

  it('keeps points inside the frame', () => {
    expect(draft.clampPoint(-0.2, 1.3)).toEqual([0, 1]);
    expect(draft.clampPoint(0.123456, 0.5)).toEqual([0.1235, 0.5]);
  });

  it('places a keyboard-added point halfway along the next edge', () => {
    expect(draft.pointAfter([], null)).toEqual([0.5, 0.5]);
    expect(draft.pointAfter(square, 0)).toEqual([0.3, 0.1]);
    expect(draft.pointAfter(square, null)).toEqual([0.1, 0.3]);
  });

  it('makes a zone id from its name, unique on the camera, and gives a new zone the shared rule defaults', () => {
    expect(draft.zoneIdFromName('Cổng chợ Hàng Bè', [])).toBe('cong-cho-hang-be');
    expect(draft.zoneIdFromName('Đường Đinh Tiên Hoàng', [])).toBe('duong-dinh-tien-hoang');
    expect(draft.zoneIdFromName('Vùng 1', [{ id: 'vung-1' }, { id: 'vung-1-2' }])).toBe('vung-1-3');
    expect(draft.zoneIdFromName('  !!! ', [])).toBe('zone');
    expect(draft.newZone([{ id: 'vung-2' }], 'Vùng 2')).toMatchObject({ id: 'vung-2-2', name: 'Vùng 2' });
    expect(draft.newRule('illegal_parking')).toMatchObject({ graceSeconds: 60, classes: ['car', 'motorcycle', 'bus', 'truck'] });
    expect(draft.newRule('littering').graceSeconds).toBe(30);
  });
});

describe('agent state', () => {
  const now = Date.parse('2026-11-28T10:00:00Z');
  it.each([
    ['seen 59 s ago', { revokedAt: null, lastSeenAt: '2026-11-28T09:59:01Z', runningVersion: 'v3' }, 'online'],
    ['seen 61 s ago', { revokedAt: null, lastSeenAt: '2026-11-28T09:58:59Z', runningVersion: 'v3' }, 'offline'],
    ['never seen', { revokedAt: null, lastSeenAt: null, runningVersion: null }, 'never'],
    ['revoked', { revokedAt: '2026-11-28T09:00:00Z', lastSeenAt: '2026-11-28T09:59:59Z', runningVersion: 'v3' }, 'revoked'],
  ])('%s is %s', (_name, agent, presence) => {
    expect(status.presenceOf(agent, now)).toBe(presence);
  });

  it('reads a console version label and tells a local file apart', () => {
    const base = { revokedAt: null, lastSeenAt: null };
    expect(status.runningConfigOf({ ...base, runningVersion: 'v12' })).toEqual({ kind: 'managed', version: 12 });
    expect(status.runningConfigOf({ ...base, runningVersion: '3fa9c0d2b1e4' })).toEqual({ kind: 'local', label: '3fa9c0d2b1e4' });
    expect(status.runningConfigOf({ ...base, runningVersion: null })).toEqual({ kind: 'unknown' });
  });
});
