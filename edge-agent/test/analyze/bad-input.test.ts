import { rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { composeScene, fixturePath, parkingScene } from '@wardwatch/devkit';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalyzeRunner, agentConfig } from './analyze-cli.js';

/* What a user gets from `edge-agent analyze` when something is wrong, and the table without --json. */

const runner = new AnalyzeRunner();
afterAll(() => runner.cleanup());

const zone = { id: 'bay', polygon: [[0.3, 0.3], [0.8, 0.3], [0.8, 0.9], [0.3, 0.9]] as [number, number][], rules: [{ type: 'illegal_parking', graceSeconds: 5 }] };
const clip = fixturePath('lot-car-cyclist.mp4');

describe('analyze: bad input ends with a clear message and a non-zero exit', () => {
  it.each([
    ['a missing input file', agentConfig([zone]), '/no/such/video.mp4', [], 2, /--input \/no\/such\/video\.mp4: no such file/],
    ['a config without zones', agentConfig([]), clip, [], 2, /camera "cam-1" has no zones/],
    [
      'an unknown rule type',
      agentConfig([{ ...zone, rules: [{ type: 'double_parking', graceSeconds: 5 }] }]),
      clip,
      [],
      2,
      /cameras\[0\]\.zones\[0\]\.rules\[0\]\.type: must be one of illegal_parking, sidewalk_encroachment, littering/,
    ],
    ['an unknown camera id', agentConfig([zone]), clip, ['--camera', 'gate-7'], 2, /no camera "gate-7" in the config \(cameras: cam-1\)/],
    ['a --start that is not a time', agentConfig([zone]), clip, ['--start', 'last tuesday'], 2, /--start "last tuesday" is not an ISO 8601 time/],
    ['a config that is not YAML', 'cameras: [ {', clip, [], 2, /problem/],
  ])('%s', async (_name, config, input, extra, code, message) => {
    const result = await runner.analyze(config, input, extra);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('a config with two cameras and no --camera asks for one (exit 2)', async () => {
    const config = agentConfig([zone]);
    const cameras = config.cameras as Record<string, unknown>[];
    cameras.push({ ...cameras[0], id: 'cam-2' });
    const result = await runner.analyze(config, clip);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/2 cameras \(cam-1, cam-2\); choose one with --camera ID/);
  });

  it('a file that is not a video exits 1 naming the file and the reason', async () => {
    const junk = join(tmpdir(), `ww-analyze-junk-${process.pid}.mp4`);
    await writeFile(junk, randomBytes(64 * 1024));
    const result = await runner.analyze(agentConfig([zone]), junk).finally(() => rm(junk, { force: true }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`analyze: cannot read ${junk}: not a video`);
    expect(result.stdout).toBe('');
  });
});

describe('analyze: output without --json', () => {
  it('is a table with one row per violation; --camera picks the camera', async () => {
    const spec = parkingScene({ name: 'analyze-short-stop', stop: { x: 330, y: 200 }, arriveAt: 2, staySeconds: 4 });
    const config = agentConfig([{ ...zone, rules: [{ type: 'illegal_parking', graceSeconds: 1 }] }]);
    const result = await runner.analyze(config, await composeScene(spec), ['--camera', 'cam-1'], false);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^rule\s+camera\s+zone\s+classes\s+started s\s+triggered s\s+ended s\s+score\s+bbox/);
    expect(lines.slice(2)).toHaveLength(1);
    expect(lines[2]).toMatch(/^illegal_parking\s+cam-1\s+bay\s+car\s+\d+\.\d\s+\d+\.\d\s+\d+\.\d\s+0\.\d\d\s+0\.\d\d,/);
  });
});
