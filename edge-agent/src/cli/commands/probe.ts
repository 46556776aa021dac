import { parseArgs } from 'node:util';
import { StreamFailure } from '../../ffmpeg/ffmpeg-error.js';
import { probeStream } from '../../ffmpeg/probe-stream.js';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import type { RtspTransport } from '../../ffmpeg/ingest-args.js';

export const streamOptionsHelp = `
Options:
  --timeout SECONDS      give up after this long (default 15)
  --transport tcp|udp    RTSP transport (default tcp)
`;

/** `--timeout` and `--transport` shared by probe and snapshot; a string is a usage error. */
export function streamOptions(values: { timeout?: string | undefined; transport?: string | undefined }): { timeoutMs: number; transport: RtspTransport } | string {
  const seconds = values.timeout === undefined ? 15 : Number(values.timeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) return '--timeout must be a number of seconds between 0 and 600';
  const transport = values.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'udp') return '--transport must be tcp or udp';
  return { timeoutMs: Math.round(seconds * 1_000), transport };
}

export const probeCommand: Command = {
  name: 'probe',
  summary: 'Probe a camera URL: codec, size, fps, time to first frame',
  help: `Usage: edge-agent probe URL [--timeout SECONDS] [--transport tcp|udp]

Connects to a camera (rtsp://user:pass@host/path) or opens a video file and prints JSON:
codec, width, height, fps, hasAudio, timeToFirstFrameMs. On failure prints one specific
reason (401 Unauthorized, 404 stream not found, connection refused, not a video, timeout)
and exits 1. The password is never printed.
${streamOptionsHelp}
Example:
  edge-agent probe rtsp://admin:secret@10.0.0.21:554/Streaming/Channels/102`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: { timeout: { type: 'string' }, transport: { type: 'string' } }, allowPositionals: true });
    const url = positionals[0];
    const settings = streamOptions(values);
    if (!url || positionals.length > 1 || typeof settings === 'string') {
      process.stderr.write(`probe: ${typeof settings === 'string' ? settings : 'expected one URL'}\n`);
      return ExitCode.usage;
    }
    try {
      const result = await probeStream(url, settings);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return ExitCode.ok;
    } catch (error) {
      if (!(error instanceof StreamFailure)) throw error;
      process.stderr.write(`probe: ${error.message}\n`);
      return ExitCode.failure;
    }
  },
};
