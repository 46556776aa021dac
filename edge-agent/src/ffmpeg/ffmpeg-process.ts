import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { redactText } from '../config/redact.js';

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the binary could not be started at all (ENOENT: ffmpeg is not installed). */
  spawnError?: Error;
}

export interface FfmpegProcess {
  readonly pid: number | undefined;
  /** ffmpeg's stdout, unless it was sent to `SpawnFfmpegOptions.stdout`. */
  readonly stdout: Readable | null;
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
  /** Where ffmpeg's stdout goes instead of a pipe read through `stdout` (a FramePipe's socket). */
  stdout?: Socket;
  /** Called when `stop()` begins: whoever reads `stdout` must read on, or ffmpeg stays blocked writing and never sees `q`. */
  onStopping?: () => void;
}

/**
 * Starts ffmpeg with an argument array (never a shell string, so a URL cannot inject a command).
 * `q` on stdin lets ffmpeg close its outputs and send RTSP TEARDOWN; a wedged ffmpeg that ignores
 * it (blocked on a network read) still dies by SIGTERM and then SIGKILL.
 */
export function spawnFfmpeg(args: readonly string[], options: SpawnFfmpegOptions = {}): FfmpegProcess {
  const child: ChildProcess = spawn(options.binary ?? 'ffmpeg', args, {
    stdio: ['pipe', options.stdout ?? 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  // Both are pipes as asked above; the types cannot tell.
  const stdin = child.stdin!;
  const stderr = child.stderr!;
  const maxLines = options.stderrLines ?? 40;
  const tail: string[] = [];
  let partial = '';
  stderr.setEncoding('utf8');
  stderr.on('data', (chunk: string) => {
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
  stdin.on('error', () => undefined);

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
        child.stdout?.resume();
        options.onStopping?.();
        if (stdin.writable) stdin.end('q');
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
