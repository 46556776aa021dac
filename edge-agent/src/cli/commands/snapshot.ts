import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { StreamFailure } from '../../ffmpeg/ffmpeg-error.js';
import { grabFrame } from '../../ffmpeg/grab-frame.js';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { streamOptions, streamOptionsHelp } from './probe.js';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Save one JPEG frame from a camera URL',
  help: `Usage: edge-agent snapshot URL -o FILE.jpg [--timeout SECONDS] [--transport tcp|udp]

Saves one full-size frame as JPEG (for drawing zones). Exits 1 with a specific reason when
the camera cannot be read, and times out instead of hanging.
${streamOptionsHelp}
Example:
  edge-agent snapshot rtsp://admin:secret@10.0.0.21/sub -o gate.jpg`,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: { output: { type: 'string', short: 'o' }, timeout: { type: 'string' }, transport: { type: 'string' } },
      allowPositionals: true,
    });
    const url = positionals[0];
    const settings = streamOptions(values);
    if (!url || positionals.length > 1 || !values.output || typeof settings === 'string') {
      process.stderr.write(`snapshot: ${typeof settings === 'string' ? settings : 'expected one URL and -o FILE.jpg'}\n`);
      return ExitCode.usage;
    }
    try {
      const frame = await grabFrame(url, settings);
      await sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: 3 } }).jpeg({ quality: 90 }).toFile(values.output);
      process.stdout.write(`${values.output} (${frame.width}x${frame.height}, first frame after ${frame.elapsedMs} ms)\n`);
      return ExitCode.ok;
    } catch (error) {
      if (!(error instanceof StreamFailure)) throw error;
      process.stderr.write(`snapshot: ${error.message}\n`);
      return ExitCode.failure;
    }
  },
};
