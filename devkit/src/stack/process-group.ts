import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** The last lines it printed (stdout and stderr), for error messages. */
  tail(): string;
  /** Resolves when a line matching `pattern` has been printed; rejects if it exits first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string>;
  exited: Promise<number | null>;
}

/**
 * The processes of a local stack (Redis, console, agent, camera simulator). `stop()` ends them
 * in reverse start order with SIGTERM, then SIGKILL after a grace period, and waits for every
 * exit, so a demo or a test leaves nothing running behind.
 */
export class ProcessGroup {
  private readonly processes: ManagedProcess[] = [];

  start(name: string, command: string, args: string[], options: SpawnOptions & { onLine?: (line: string) => void } = {}): ManagedProcess {
    const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        lines.push(line);
        if (lines.length > 200) lines.shift();
        options.onLine?.(line);
        for (const waiter of waiters) {
          if (waiter.pattern.test(line)) {
            waiters.delete(waiter);
            waiter.resolve(line);
          }
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', (error) => {
        lines.push(`cannot start ${command}: ${error.message}`);
        resolve(null);
      });
    });
    const tail = () => lines.slice(-30).join('\n');
    const managed: ManagedProcess = {
      name,
      child,
      tail,
      exited,
      waitForLine(pattern, timeoutMs) {
        const seen = lines.find((line) => pattern.test(line));
        if (seen !== undefined) return Promise.resolve(seen);
        return new Promise<string>((resolve, reject) => {
          const waiter = { pattern, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
          const timer = setTimeout(() => {
            waiters.delete(waiter);
            reject(new Error(`${name}: no line matching ${String(pattern)} within ${timeoutMs} ms. Last output:\n${tail()}`));
          }, timeoutMs);
          waiters.add(waiter);
          void exited.then((code) => {
            if (!waiters.has(waiter)) return;
            waiters.delete(waiter);
            clearTimeout(timer);
            reject(new Error(`${name} exited (code ${code}) before printing ${String(pattern)}. Last output:\n${tail()}`));
          });
        });
      },
    };
    this.processes.push(managed);
    return managed;
  }

  /** Stops one process: SIGTERM, then SIGKILL after `graceMs`. */
  static async stopOne(managed: ManagedProcess, graceMs = 10_000): Promise<void> {
    const { child } = managed;
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await managed.exited;
    clearTimeout(timer);
  }

  async stopAll(graceMs = 10_000): Promise<void> {
    for (const managed of [...this.processes].reverse()) await ProcessGroup.stopOne(managed, graceMs);
    this.processes.length = 0;
  }

  get running(): readonly ManagedProcess[] {
    return this.processes.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  }
}
