import { spawn } from 'node:child_process';
import { redactText } from '../config/redact.js';

/** ffmpeg or ffprobe failed; the message carries the tail of its stderr, credentials redacted. */
export class MediaToolError extends Error {
  override readonly name = 'MediaToolError';
}

export interface MediaToolResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs ffmpeg or ffprobe with an argument array (no shell, so no quoting bugs) and collects its
 * output. Evidence commands read local files and finish in seconds, so a stuck one is killed
 * after `timeoutMs` instead of holding up the outbox.
 */
export function runMediaTool(command: 'ffmpeg' | 'ffprobe', args: readonly string[], options: { timeoutMs?: number; binary?: string } = {}): Promise<MediaToolResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary ?? command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new MediaToolError(`cannot run ${command}: ${redactText(error.message)}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve({ stdout: Buffer.concat(chunks), stderr });
        return;
      }
      const why = signal === 'SIGKILL' ? `timed out after ${timeoutMs} ms` : `exited with ${signal ?? code}`;
      reject(new MediaToolError(`${command} ${why}: ${redactText(stderr.trim().slice(-800))}`));
    });
  });
}
