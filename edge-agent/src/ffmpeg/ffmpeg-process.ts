import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { redactText } from '../config/redact.js';

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the binary could not be started at all (ENOENT: ffmpeg is not installed). */
  spawnError?: Error;
}

export interface FfmpegProcess {
  readonly pid: number | undefined;
  readonly stdout: Readable;
  readonly exited: Promise<FfmpegExit>;
  /** The last stderr lines (credentials already redacted). */
  stderrTail(): string[];
  /** Ends ffmpeg politely: `q` on stdin, then SIGTERM, then SIGKILL, each on a timer. */
  stop(): Promise<FfmpegExit>;
  /** SIGKILL now; for timeouts where nothing is worth saving. */
  kill(): void;
}

export interface SpawnFfmpegOptions {
  binary?: string;
  /** Secrets to scrub from stderr on top of URL userinfo. */
  secrets?: readonly string[];
  onStderrLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** How long `q` gets before SIGTERM, and SIGTERM before SIGKILL. */
  quitGraceMs?: number;
  termGraceMs?: number;
  stderrLines?: number;
}

/**
 * Starts ffmpeg with an argument array (never a shell string, so a URL cannot inject a command).
 * `q` on stdin lets ffmpeg close its outputs and send RTSP TEARDOWN; a wedged ffmpeg that ignores
 * it (blocked on a network read) still dies by SIGTERM and then SIGKILL.
 */
export function spawnFfmpeg(args: readonly string[], options: SpawnFfmpegOptions = {}): FfmpegProcess {
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(options.binary ?? 'ffmpeg', args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  const maxLines = options.stderrLines ?? 40;
  const tail: string[] = [];
  let partial = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    const lines = (partial + chunk).split(/\r?\n|\r/);
    partial = lines.pop() ?? '';
    for (const raw of lines) {
      if (raw.trim() === '') continue;
      const line = redactText(raw, options.secrets ?? []);
      tail.push(line);
      if (tail.length > maxLines) tail.shift();
      options.onStderrLine?.(line);
    }
  });
  // A closed stdin (ffmpeg exited first) must not crash the agent with EPIPE.
  child.stdin.on('error', () => undefined);

  let spawnError: Error | undefined;
  const exited = new Promise<FfmpegExit>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
      // 'exit' does not follow a failed spawn.
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError: error });
    });
    child.once('close', (code, signal) => {
      if (partial.trim() !== '') tail.push(redactText(partial, options.secrets ?? []));
      resolve({ code, signal, ...(spawnError ? { spawnError } : {}) });
    });
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });

  const quitGraceMs = options.quitGraceMs ?? 2_000;
  const termGraceMs = options.termGraceMs ?? 2_000;
  let stopping: Promise<FfmpegExit> | undefined;
  return {
    pid: child.pid,
    stdout: child.stdout,
    exited,
    stderrTail: () => [...tail],
    kill() {
      if (!done) child.kill('SIGKILL');
    },
    stop() {
      stopping ??= (async () => {
        if (done) return exited;
        // A paused reader would keep ffmpeg blocked on its pipe and deaf to `q`.
        child.stdout.resume();
        if (child.stdin.writable) child.stdin.end('q');
        const term = setTimeout(() => child.kill('SIGTERM'), quitGraceMs);
        const kill = setTimeout(() => child.kill('SIGKILL'), quitGraceMs + termGraceMs);
        const exit = await exited;
        clearTimeout(term);
        clearTimeout(kill);
        return exit;
      })();
      return stopping;
    },
  };
}
