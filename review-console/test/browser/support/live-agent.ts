import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descendants, freePort, pollUntil, ProcessGroup, repoRoot, type ManagedProcess } from '@wardwatch/devkit';

/** The built CLI, as an installer runs it (`npx tsc -b` first). */
export const EDGE_AGENT_BIN = join(repoRoot(), 'edge-agent', 'bin', 'edge-agent.js');

/** What the test reads from the agent's own `/status` (a subset; the agent sends more). */
export interface LiveAgentStatus {
  agentId: string;
  configVersion: string;
  delivery: { publishing: boolean; heartbeats: boolean };
  console?: { state: string; runningVersion?: number; latestVersion?: number };
  cameras: { id: string; state: string; restarts: number; fps: number; lastError?: string }[];
}

export type LogLine = Record<string, unknown> & { event?: string; msg?: string };

export interface LiveAgent {
  readonly pid: number;
  readonly httpPort: number;
  status(): Promise<LiveAgentStatus>;
  /** Every JSON log line so far, parsed. */
  logs(): LogLine[];
  /** Everything it printed, as text (leak checks). */
  output(): string;
  /** The last lines it printed, for failure messages. */
  tail(lines?: number): string;
  /** The pid of each camera's ingest ffmpeg (decode + segment recorder), by simulator mount. */
  ingestPids(simulatorPort: number, mounts: readonly string[]): Promise<Record<string, number[]>>;
  /** SIGTERM (SIGKILL after `graceMs`), then SIGKILL for any child it left; removes its data. */
  stop(graceMs?: number): Promise<{ code: number | null; leftChildren: string[] }>;
}

/**
 * `edge-agent run --console URL --enrol TOKEN` from the built CLI, as a child process, with a
 * settings file for what a box needs locally (one detector worker on a shared 2-core machine,
 * quick heartbeats, short evidence windows) and nothing else: no Redis, token or console from the
 * environment, so delivery only works if the console hands the agent its Redis.
 */
export async function startLiveAgent(options: { consoleUrl: string; enrolmentToken: string }): Promise<LiveAgent> {
  const dir = mkdtempSync(join(tmpdir(), 'ww-live-agent-'));
  const settings = join(dir, 'agent-settings.yaml');
  // JSON is YAML: no YAML library needed for a settings file this small.
  writeFileSync(settings, JSON.stringify({ agent: { heartbeatSeconds: 2 }, detector: { workers: 1 }, evidence: { preSeconds: 3, postSeconds: 2 } }));
  const httpPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info' };
  for (const key of ['REDIS_URL', 'WARDWATCH_AGENT_TOKEN', 'WARDWATCH_CONSOLE_URL', 'WARDWATCH_ENROL_TOKEN']) delete env[key];

  const lines: string[] = [];
  const parsed: LogLine[] = [];
  const group = new ProcessGroup();
  const args = [EDGE_AGENT_BIN, 'run', '--console', options.consoleUrl, '--enrol', options.enrolmentToken, '--config', settings, '--data-dir', join(dir, 'data'), '--http-port', String(httpPort)];
  const agent: ManagedProcess = group.start('edge-agent', process.execPath, args, {
    env,
    cwd: dir,
    onLine: (line) => {
      lines.push(line);
      try {
        parsed.push(JSON.parse(line) as LogLine);
      } catch {
        // A usage message or a stack trace: kept as text for the failure message.
      }
    },
  });
  const pid = agent.child.pid ?? -1;
  const tail = (count = 40) => lines.slice(-count).join('\n');
  const status = async () => {
    const res = await fetch(`http://127.0.0.1:${httpPort}/status`);
    if (!res.ok) throw new Error(`agent /status: ${res.status}`);
    return (await res.json()) as LiveAgentStatus;
  };

  // Enrolment happens before the HTTP endpoint opens: /status answering means the agent enrolled.
  const exited = () => agent.child.exitCode !== null || agent.child.signalCode !== null;
  const answers = async () => {
    if (exited()) throw new Error(`the edge agent exited (code ${agent.child.exitCode}) before it answered /status. Last output:\n${tail()}`);
    return status().then(() => true, () => false);
  };
  try {
    await pollUntil('the edge agent to answer /status', answers, { timeoutMs: 90_000, intervalMs: 250, detail: () => `Last output:\n${tail()}` });
  } catch (error) {
    if (!exited()) {
      agent.child.kill('SIGKILL');
      await agent.exited;
    }
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    pid,
    httpPort,
    status,
    logs: () => parsed,
    output: () => lines.join('\n'),
    tail,
    async ingestPids(simulatorPort, mounts) {
      const out: Record<string, number[]> = Object.fromEntries(mounts.map((m) => [m, []]));
      for (const { pid: child, cmd } of await descendants(pid)) {
        // The long-running record ffmpeg writes segments; the detect ffmpeg, probes and snapshot
        // grabs of the same stream are ffmpegs without `-f segment`.
        if (!/(^|\/)ffmpeg /.test(cmd) || !cmd.includes(' -f segment ')) continue;
        for (const mount of mounts) if (cmd.includes(`:${simulatorPort}/${mount} `)) out[mount]!.push(child);
      }
      for (const pids of Object.values(out)) pids.sort((a, b) => a - b);
      return out;
    },
    async stop(graceMs = 20_000) {
      const children = await descendants(pid);
      await ProcessGroup.stopOne(agent, graceMs);
      const left: string[] = [];
      for (const { pid: child, cmd } of children) {
        if (!isAlive(child)) continue;
        left.push(`${child} ${cmd.replace(/\/\/[^/@\s]*@/g, '//***@')}`);
        process.kill(child, 'SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
      return { code: agent.child.exitCode, leftChildren: left };
    },
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: the process is gone.
    return false;
  }
}
