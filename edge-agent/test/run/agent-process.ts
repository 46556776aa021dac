import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot } from '../../src/paths.js';

const MAIN = fileURLToPath(new URL('./agent-main.ts', import.meta.url));
// By path, not by name: an agent started in a site folder would not find `tsx` from there.
const TSX = pathToFileURL(join(repoRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export type LogLine = Record<string, unknown> & { msg?: string; event?: string };

export interface AgentProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  logs(): LogLine[];
  /** stderr lines that were not JSON (usage errors, crashes). */
  text(): string;
  waitForLog(what: string, match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(name: NodeJS.Signals): void;
  /** SIGKILL the agent and every process it started (cleanup after a failed test). */
  killAll(): Promise<void>;
}

/** `edge-agent run --config FILE` as a real process; its JSON log lines are kept, parsed. */
export function spawnAgent(configPath: string, env: NodeJS.ProcessEnv = {}): AgentProcess {
  return spawnAgentRun(['--config', configPath], env);
}

/**
 * `edge-agent run ARGS...` as a real process (enrolment, managed agents), started in `cwd`
 * (default the repository root; a site folder for relative paths).
 */
export function spawnAgentRun(args: string[], env: NodeJS.ProcessEnv = {}, cwd = repoRoot()): AgentProcess {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'run', ...args], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let text = '';
  let partial = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      if (!line.trim()) continue;
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // Not a log line: a usage message or a stack trace, kept as text for the failure message.
        text += `${line}\n`;
      }
    }
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  void exited.then(() => {
    for (const waiter of waiters) waiter();
  });
  const pid = child.pid ?? -1;
  return {
    child,
    pid,
    logs: () => lines,
    text: () => text,
    exited,
    signal: (name) => void child.kill(name),
    waitForLog(what, match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find(match);
          if (found) return done(() => resolve(found));
          if (child.exitCode !== null || child.signalCode !== null) return done(() => reject(new Error(`agent exited before ${what}:\n${tail(lines, text)}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}:\n${tail(lines, text)}`))), timeoutMs);
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    async killAll() {
      const descendants = await descendantsOf(pid);
      for (const p of [pid, ...descendants]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      if (child.exitCode === null && child.signalCode === null) await exited;
    },
  };
}

function tail(lines: LogLine[], text: string): string {
  return [...lines.slice(-25).map((l) => JSON.stringify(l)), text.slice(-2_000)].join('\n');
}

/** Every live process below `root` (children, grandchildren, ...), from /proc. */
export async function descendantsOf(root: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parents.set(Number(entry), Number(fields[1]));
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      out.push(child);
      walk(child);
    }
  };
  walk(root);
  return out;
}

/** The command line of a process ('' once it is gone). */
export async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').join(' ');
}

/**
 * Waits until none of `pids` runs any more and returns those still running after `timeoutMs`,
 * with their command lines. Helpers of the test harness (tsx's esbuild service) end a moment
 * after the agent does, on their own, so this waits instead of looking once.
 */
export async function survivors(pids: number[], timeoutMs = 5_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0) return [];
    if (Date.now() > deadline) return Promise.all(alive.map(async (pid) => `${pid} ${await commandLine(pid)}`));
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: no such process.
    return false;
  }
}
