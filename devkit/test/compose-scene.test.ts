import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { composeScene } from '../src/scenes/compose-scene.js';
import { pathExpression, stationaryIntervals } from '../src/scenes/scene-spec.js';
import { parkingScene } from '../src/scenes/standard-scenes.js';

const run = promisify(execFile);

describe('scene paths', () => {
  it('interpolates between keyframes and holds the last one', () => {
    const expr = pathExpression([{ t: 0, x: 0, y: 5 }, { t: 2, x: 100, y: 5 }, { t: 4, x: 100, y: 5 }], 'x');
    expect(expr).toBe('if(lt(t,2),0+(100)*(t-0)/2,if(lt(t,4),100,100))');
  });

  it('reports where a sprite stands still', () => {
    const scene = parkingScene({ stop: { x: 300, y: 200 }, arriveAt: 1, staySeconds: 20 });
    expect(stationaryIntervals(scene.sprites[0]!)).toEqual([{ from: 4, to: 24, x: 300, y: 200 }]);
  });
});

describe('composeScene', () => {
  it('renders an H.264 MP4 of the scripted length, cached by content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ww-scene-'));
    const spec = parkingScene({ stop: { x: 300, y: 200 }, arriveAt: 1, staySeconds: 4, fps: 5 });
    const file = await composeScene(spec, dir);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height:format=duration', '-of', 'json', file]);
    const info = JSON.parse(stdout) as { streams: { codec_name: string; width: number; height: number }[]; format: { duration: string } };
    expect(info.streams[0]).toMatchObject({ codec_name: 'h264', width: 768, height: 432 });
    expect(Number(info.format.duration)).toBeCloseTo(spec.durationSeconds, 0);
    expect(await composeScene(spec, dir)).toBe(file);
  });
});
