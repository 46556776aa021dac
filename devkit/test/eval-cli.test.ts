import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';

/* `node scripts/eval.mjs` as CI runs it: exit codes and what it prints. */

const execFileP = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-eval-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function evalCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileP('node', [join(repoRoot(), 'scripts', 'eval.mjs'), ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function sceneFile(name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

describe('npm run eval on bad input', () => {
  it('exits 2 naming the file, the scene and the missing clip, before analysing anything', async () => {
    const file = await sceneFile('missing-clip.yaml', `
scenes:
  - name: bag-on-kerb
    clip: sidewalk-bag-left-v2.avi
    zones: [{ id: kerb, polygon: [[0.45, 0.55], [0.98, 0.6], [0.98, 1], [0.4, 1]], rules: [{ type: littering }] }]
    truth: []
`);
    const result = await evalCli(['--scenes', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`eval: ${file}: 1 problem:`);
    expect(result.stderr).toMatch(/scene "bag-on-kerb" \(scenes\[0\]\): clip: no such fixture .*sidewalk-bag-left-v2\.avi/);
  });

  it('exits 2 naming every malformed truth key', async () => {
    const file = await sceneFile('bad-truth.yaml', `
scenes:
  - name: bag-on-kerb
    clip: sidewalk-bag-left.avi
    zones: [{ id: kerb, polygon: [[0.45, 0.55], [0.98, 0.6], [0.98, 1], [0.4, 1]], rules: [{ type: littering, graceSeconds: 5 }] }]
    truth:
      - { rule: abandoned_object, zone: kerb, stayStartS: 20, region: [0.6, 0.7, 0.7, 0.9] }
      - { rule: littering, zone: sidewalk, region: [0.6, 0.7, 0.7] }
`);
    const result = await evalCli(['--scenes', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`eval: ${file}: 4 problems:`);
    for (const key of ['truth[0].rule', 'truth[1].stayStartS', 'truth[1].region', 'truth[1].zone: no zone "sidewalk"']) expect(result.stderr).toContain(`scene "bag-on-kerb" (scenes[0]): ${key}`);
  });

  it('exits 2 on an unknown condition or scene', async () => {
    const fog = await evalCli(['--conditions', 'clean,fog']);
    expect(fog).toMatchObject({ code: 2, stdout: '' });
    expect(fog.stderr).toContain('eval: --conditions: unknown fog; choose from clean, night, starved, sway');
    const only = await evalCli(['--only', 'lot-park-centre,no-such-scene', '--conditions', 'clean']);
    expect(only.code).toBe(2);
    expect(only.stderr).toContain('--only: no scene no-such-scene in');
  });
});

describe('npm run eval --json', () => {
  it('prints one line per scene and condition, then the summary, and exits 0 whatever it found', async () => {
    const result = await evalCli(['--only', 'real-bag-left', '--conditions', 'clean,night', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; scene?: string; condition?: string; conditions?: Record<string, unknown> });
    expect(lines.map((l) => [l.kind, l.scene, l.condition])).toEqual([
      ['scene', 'real-bag-left', 'clean'],
      ['scene', 'real-bag-left', 'night'],
      ['summary', undefined, undefined],
    ]);
    expect(Object.keys(lines[2]!.conditions!)).toEqual(['clean', 'night']);
    expect(lines[2]).toMatchObject({ delayToleranceS: 5, regionSlack: 0.02, analyses: 2 });
  });
});
