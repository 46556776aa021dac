import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../src/stack/demo-stack.js';
import { descendants } from '../../src/stack/process-tree.js';

const run = promisify(execFile);
const PASSWORD = 'demo-password-123';

/** A logged-in officer talking to the console's public API, as the web UI does. */
class ApiSession {
  private cookie = '';
  private csrf = '';
  constructor(private readonly base: string) {}

  async login(username: string, password: string): Promise<void> {
    const res = await fetch(`${this.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(res.status).toBe(200);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('cookie', this.cookie);
    if (init.method && init.method !== 'GET') headers.set('x-csrf-token', this.csrf);
    return fetch(`${this.base}${path}`, { ...init, headers });
  }
}

interface Summary {
  id: string;
  ruleType: string;
  cameraId: string;
  status: string;
}

describe('the whole system, as `npm run demo` starts it', () => {
  let dataDir: string;
  let stack: DemoStack | undefined;
  const logs: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ww-demo-e2e-'));
    stack = await startDemoStack({ dataDir, password: PASSWORD, onLog: (source, line) => logs.push(`[${source}] ${line}`) });
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a violation from a simulated camera reaches the officer with playable evidence, and the officer confirms it', { timeout: 300_000 }, async () => {
    const api = new ApiSession(stack!.consoleUrl);
    await api.login('canbo.hoankiem', PASSWORD);

    let pending: Summary[] = [];
    const deadline = Date.now() + 240_000;
    while (pending.length === 0) {
      if (Date.now() > deadline) throw new Error(`no pending violation after 4 minutes. Recent logs:\n${logs.slice(-40).join('\n')}`);
      await new Promise((r) => setTimeout(r, 3_000));
      const res = await api.fetch('/api/violations?status=pending&limit=50');
      expect(res.status).toBe(200);
      pending = ((await res.json()) as { items: Summary[] }).items;
    }
    const violation = pending[0]!;
    expect(['illegal_parking', 'littering']).toContain(violation.ruleType);

    const clip = await api.fetch(`/api/violations/${violation.id}/clip`);
    expect(clip.status).toBe(200);
    expect(clip.headers.get('content-type')).toContain('video/mp4');
    const clipFile = join(dataDir, 'clip.mp4');
    await writeFile(clipFile, Buffer.from(await clip.arrayBuffer()));
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_type', '-of', 'json', clipFile]);
    const probe = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_type: string }[] };
    expect(probe.streams.some((s) => s.codec_type === 'video')).toBe(true);
    expect(Number(probe.format.duration)).toBeGreaterThan(1);
    const range = await api.fetch(`/api/violations/${violation.id}/clip`, { headers: { range: 'bytes=0-99' } });
    expect(range.status).toBe(206);

    const snapshot = await api.fetch(`/api/violations/${violation.id}/snapshot`);
    expect(snapshot.headers.get('content-type')).toContain('image/jpeg');
    const jpeg = Buffer.from(await snapshot.arrayBuffer());
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);

    const decision = await api.fetch(`/api/violations/${violation.id}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'confirmed', reason: 'vehicle_parked_in_zone' }),
    });
    expect(decision.status, await decision.clone().text()).toBeLessThan(300);
    const after = (await (await api.fetch(`/api/violations/${violation.id}`)).json()) as { status: string };
    expect(after.status).toBe('confirmed');
  });

  it('an installer finds the demo ONVIF camera through the demo agent, with its two streams', { timeout: 120_000 }, async () => {
    const api = new ApiSession(stack!.consoleUrl);
    await api.login('lapdat', PASSWORD);
    const { address, user, password } = stack!.onvif;
    const asked = await api.fetch('/api/agents/demo-agent/discoveries', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password, targets: [address] }) });
    expect(asked.status, await asked.clone().text()).toBe(202);
    const { discoveryId } = (await asked.json()) as { discoveryId: string };
    let view: { state: string; cameras: { name?: string; profiles?: { token: string; rtspUrl: string }[]; suggested?: unknown }[] | null } = { state: 'pending', cameras: null };
    const deadline = Date.now() + 60_000;
    while (view.state === 'pending' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1_000));
      view = (await (await api.fetch(`/api/agents/demo-agent/discoveries/${discoveryId}`)).json()) as typeof view;
    }
    expect(view.state, JSON.stringify(view)).toBe('ok');
    expect(view.cameras).toHaveLength(1);
    expect(view.cameras![0]).toMatchObject({ name: 'Camera ONVIF — cổng sau', suggested: { detect: 'sub', record: 'main' } });
    // Two streams, each really served: the main one is the first scene, the sub-stream its smaller copy.
    const urls = view.cameras![0]!.profiles!.map((p) => p.rtspUrl);
    expect(urls).toEqual([expect.stringMatching(/^rtsp:\/\/127\.0\.0\.1:\d+\/parking$/), expect.stringMatching(/^rtsp:\/\/127\.0\.0\.1:\d+\/onvif-sub$/)]);
    for (const url of urls) {
      const { stdout } = await run('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-select_streams', 'v:0', '-show_entries', 'stream=width', '-of', 'csv=p=0', url]);
      expect(Number(stdout.trim())).toBe(url.endsWith('onvif-sub') ? 480 : 768);
    }
  });

  it('stops every process it started', async () => {
    await stack!.stop();
    stack = undefined;
    expect(await descendants()).toEqual([]);
  });
});
