import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_API, enrolResponse, managedVersionLabel, syncResponse, type DiscoveredCamera, type DiscoveryTask, type ManagedConfig, type ProbeResult, type ProbeTask, type SyncResponse } from '@wardwatch/contracts';
import { FIXTURES } from '../../support/evidence.js';

/** A real JPEG of a real street scene: the fixture clip's frame at 1 s, made by ffmpeg. */
export function fixtureJpeg(): { bytes: Buffer; width: number; height: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ww-probe-jpeg-'));
  try {
    const out = join(dir, 'frame.jpg');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-ss', '1', '-i', join(FIXTURES, 'lot-drive-through.mp4'), '-frames:v', '1', out]);
    const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', out], { encoding: 'utf8' });
    const [width, height] = probe.trim().split(',').map(Number);
    return { bytes: readFileSync(out), width: width!, height: height! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The agent's side of the console API, played with plain HTTP calls the way contracts'
 * agent-api.ts describes them: enrol with the one-time token, then sync every half second,
 * answering each camera probe with a real JPEG and each camera search with FOUND_CAMERAS. Every answer is validated with the contract.
 * With `follow` on it runs whatever config arrives (and says so with `running=vN`); off, it keeps
 * reporting the version it had, like an agent that has not caught up.
 */
/**
 * What the stand-in agent "finds" for a search at any address: one camera that lists its streams
 * with the login given, and one that refuses it.
 */
export const FOUND_CAMERAS: DiscoveredCamera[] = [
  {
    endpoint: 'urn:uuid:fake-cam-1', address: '10.0.5.21', deviceUrl: 'http://10.0.5.21/onvif/device_service', name: 'Cổng sau', hardware: 'IPC-2000',
    profiles: [
      { token: 'main', name: 'mainStream', codec: 'H265', width: 2560, height: 1440, fps: 25, rtspUrl: 'rtsp://10.0.5.21:554/Streaming/Channels/101' },
      { token: 'sub', name: 'subStream', codec: 'H264', width: 640, height: 360, fps: 10, rtspUrl: 'rtsp://10.0.5.21:554/Streaming/Channels/102' },
    ],
    suggested: { detect: 'sub', record: 'main' },
  },
  { endpoint: 'urn:uuid:fake-cam-2', address: '10.0.5.22', deviceUrl: 'http://10.0.5.22/onvif/device_service', name: 'Ngõ 12', problem: 'the camera rejected the user name or password', problemKind: 'unauthorized' },
];

export class FakeAgent {
  readonly probeTasks: ProbeTask[] = [];
  readonly discoveryTasks: DiscoveryTask[] = [];
  readonly configs: ManagedConfig[] = [];
  follow = true;
  /** When set, the agent reports this label: it runs a local config file, not the console's versions. */
  localLabel: string | undefined;
  private running: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();
  private failure: unknown;

  private constructor(
    private readonly consoleUrl: string,
    readonly agentId: string,
    /** The agent's console token: it signs the heartbeats a test sends in this agent's name. */
    readonly token: string,
    private readonly jpeg: { bytes: Buffer; width: number; height: number },
  ) {}

  static async enrol(consoleUrl: string, enrolmentToken: string): Promise<FakeAgent> {
    const res = await fetch(`${consoleUrl}${AGENT_API.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enrolmentToken }) });
    if (!res.ok) throw new Error(`enrolment refused: ${res.status} ${await res.text()}`);
    const answer = enrolResponse.parse(await res.json());
    return new FakeAgent(consoleUrl, answer.agentId, answer.token, fixtureJpeg());
  }

  /** Calls enrol again with a token: the console's answer (status and body) as is. */
  static async tryEnrol(consoleUrl: string, enrolmentToken: string): Promise<{ status: number; body: string }> {
    const res = await fetch(`${consoleUrl}${AGENT_API.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ enrolmentToken }) });
    return { status: res.status, body: await res.text() };
  }

  /** The version the agent runs and reports (`vN`), or null before the first config. */
  get runningVersion(): number | null {
    return this.running;
  }

  get lastConfig(): ManagedConfig | undefined {
    return this.configs.at(-1);
  }

  start(intervalMs = 500): void {
    const tick = () => {
      this.busy = this.syncOnce().then(
        () => undefined,
        (error: unknown) => {
          this.failure = error;
        },
      );
      void this.busy.finally(() => {
        if (this.timer !== undefined) this.timer = setTimeout(tick, intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.busy;
  }

  /** Throws what went wrong in the background loop, if anything did. */
  check(): void {
    if (this.failure !== undefined) throw this.failure instanceof Error ? this.failure : new Error('the agent loop failed', { cause: this.failure });
  }

  async syncOnce(): Promise<SyncResponse> {
    const query = new URLSearchParams({ have: String(this.running ?? 0) });
    if (this.localLabel !== undefined) query.set('running', this.localLabel);
    else if (this.running !== null) query.set('running', managedVersionLabel(this.running));
    query.set('mode', this.localLabel !== undefined ? 'local' : 'managed');
    const res = await fetch(`${this.consoleUrl}${AGENT_API.sync}?${query.toString()}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`sync: ${res.status} ${await res.text()}`);
    const answer = syncResponse.parse(await res.json());
    if (answer.config) {
      this.configs.push(answer.config);
      if (this.follow) this.running = answer.config.version;
    }
    for (const task of answer.probes) {
      if (this.probeTasks.some((t) => t.id === task.id)) continue;
      this.probeTasks.push(task);
      await this.answerProbe(task);
    }
    for (const task of answer.discoveries ?? []) {
      if (this.discoveryTasks.some((t) => t.id === task.id)) continue;
      this.discoveryTasks.push(task);
      const posted = await fetch(`${this.consoleUrl}${AGENT_API.discoveryResult(task.id)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ok: true, cameras: FOUND_CAMERAS }),
      });
      if (!posted.ok) throw new Error(`discovery result: ${posted.status} ${await posted.text()}`);
    }
    return answer;
  }

  private async answerProbe(task: ProbeTask): Promise<void> {
    const result: ProbeResult = { ok: true, codec: 'h264', width: this.jpeg.width, height: this.jpeg.height, fps: 12.5, snapshot: true };
    const posted = await fetch(`${this.consoleUrl}${AGENT_API.probeResult(task.id)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(result),
    });
    if (!posted.ok) throw new Error(`probe result: ${posted.status} ${await posted.text()}`);
    const put = await fetch(`${this.consoleUrl}${AGENT_API.probeSnapshot(task.id)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'image/jpeg' },
      body: this.jpeg.bytes,
    });
    if (!put.ok) throw new Error(`probe snapshot: ${put.status} ${await put.text()}`);
  }
}
