import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleTypes } from '@wardwatch/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../paths.js';
import { SceneSetError, compareTruth, loadSceneSet } from './load-scene-set.js';

/*
 * The scene set is checked before anything runs: every bad key at once, each line naming the
 * scene and the key. The files are real YAML in a temp folder; fixtures are the shared ones.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ww-scenes-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

let n = 0;
async function problemsOf(yaml: string): Promise<string[]> {
  const file = join(dir, `scenes-${++n}.yaml`);
  await writeFile(file, yaml);
  try {
    await loadSceneSet(file);
  } catch (error) {
    expect(error).toBeInstanceOf(SceneSetError);
    expect((error as SceneSetError).message.startsWith(`${file}: `)).toBe(true);
    return (error as SceneSetError).problems;
  }
  return [];
}

const carPath = '[{ t: 2, x: -190, y: 200 }, { t: 5, x: 330, y: 200 }, { t: 45, x: 330, y: 200 }, { t: 48, x: 780, y: 200 }]';
const composedCar = (truth: string, fixture = 'lot-car-cyclist.mp4') => `
scenes:
  - name: park
    compose:
      background: { fixture: lot-drive-through.mp4, atSeconds: 1 }
      durationSeconds: 52
      sprites:
        - { id: car, label: car, fixture: ${fixture}, atSeconds: 3, crop: { x: 0, y: 30, w: 115, h: 75 }, scale: 1.6, path: ${carPath} }
    zones:
      - { id: bay, polygon: [[0.37, 0.4], [0.73, 0.4], [0.73, 0.82], [0.37, 0.82]], rules: [{ type: illegal_parking, graceSeconds: 20 }] }
    truth: ${truth}
`;
const carTruth = '[{ rule: illegal_parking, zone: bay, stayStartS: 5, region: [0.4297, 0.463, 0.6693, 0.7407] }]';

describe('loading a scene set', () => {
  it('gives each truth case its due time, stay start plus the grace of its rule in its zone (agent defaults applied)', async () => {
    const file = join(dir, 'good.yaml');
    await writeFile(file, `${composedCar(carTruth)}
  - name: bag
    clip: sidewalk-bag-left.avi
    zones:
      - { id: kerb, polygon: [[0.45, 0.55], [0.98, 0.6], [0.98, 1], [0.4, 1]], rules: [{ type: littering }] }
    truth:
      - { rule: littering, zone: kerb, stayStartS: 6, region: [0.626, 0.765, 0.697, 0.869] }
`);
    const set = await loadSceneSet(file);
    expect(set.scenes.map((s) => [s.scene.name, s.scene.fps, s.expected.map((e) => e.dueS)])).toEqual([['park', 5, [25]], ['bag', 5, [36]]]);
    expect(set.scenes[1]!.durationS).toBeCloseTo(39, 0);
  });

  it('names a missing clip and a missing sprite source, with their scenes', async () => {
    const problems = await problemsOf(`${composedCar(carTruth, 'no-such-car.mp4')}
  - name: gone
    clip: no-such-clip.mp4
    zones: [{ id: z, polygon: [[0, 0], [1, 0], [1, 1]], rules: [{ type: littering }] }]
    truth: []
`);
    expect(problems).toEqual([
      expect.stringMatching(/^scene "park" \(scenes\[0\]\): compose\.sprites\[0\]\.fixture: no such fixture .*no-such-car\.mp4$/),
      expect.stringMatching(/^scene "gone" \(scenes\[1\]\): clip: no such fixture .*no-such-clip\.mp4$/),
    ]);
  });

  it('reports every malformed truth key of every scene together', async () => {
    const problems = await problemsOf(`
scenes:
  - name: bad-truth
    clip: sidewalk-bag-left.avi
    zones:
      - { id: kerb, polygon: [[0.45, 0.55], [0.98, 0.6], [0.98, 1], [0.4, 1]], rules: [{ type: littering, graceSeconds: 5 }] }
    truth:
      - { rule: litering, zone: kerb, stayStartS: 20, region: [0.6, 0.7, 0.7, 0.9] }
      - { rule: littering, zone: walkway, stayStartS: 20, region: [0.6, 0.7, 0.7, 0.9] }
      - { rule: illegal_parking, zone: kerb, stayStartS: 20, region: [0.6, 0.7, 0.7, 0.9] }
      - { rule: littering, zone: kerb, region: [0.6, 0.7, 0.7, 0.9] }
      - { rule: littering, zone: kerb, stayStartS: 20, region: [0.7, 0.7, 0.6, 0.9] }
      - { rule: littering, zone: kerb, stayStartS: 20, region: [0.6, 0.7, 0.7] }
      - { rule: littering, zone: kerb, stayStartS: 20, region: [0.6, 0.7, 1.2, 0.9], stayEndS: 30 }
  - name: no-source
    zones: [{ id: z, polygon: [[0, 0], [1, 0], [1, 1]], rules: [{ type: littering }] }]
    truth: []
`);
    expect(problems).toEqual([
      'scene "bad-truth" (scenes[0]): truth[0].rule: Invalid option: expected one of "illegal_parking"|"sidewalk_encroachment"|"littering"',
      'scene "bad-truth" (scenes[0]): truth[3].stayStartS: Invalid input: expected number, received undefined',
      'scene "bad-truth" (scenes[0]): truth[4].region[2]: x2 must be greater than x1',
      'scene "bad-truth" (scenes[0]): truth[5].region: must be [x1, y1, x2, y2] in frame fractions',
      'scene "bad-truth" (scenes[0]): truth[6].region[2]: must be a frame fraction (0..1)',
      'scene "bad-truth" (scenes[0]): truth[6].stayEndS: unknown key',
      'scene "bad-truth" (scenes[0]): truth[1].zone: no zone "walkway" in this scene (zones: kerb)',
      'scene "bad-truth" (scenes[0]): truth[2].rule: zone "kerb" has no illegal_parking rule (it has littering)',
      'scene "no-source" (scenes[1]): needs exactly one source: compose or clip',
    ]);
  });

  it('reports a scene set that is malformed everywhere instead of failing on it', async () => {
    const problems = await problemsOf(`
scenes:
  - name: broken
    compose: { sprites: [null, { id: 3 }], durationSeconds: -1 }
    zones: [null, { id: kerb }]
    truth: [null, { zone: 7 }]
  - 42
`);
    expect(problems.length).toBeGreaterThan(5);
    expect(problems.every((p) => /^scene "broken" \(scenes\[0\]\): |^scenes\[1\]: /.test(p))).toBe(true);
  });

  it('refuses a composed scene whose written truth is not what its keyframes give', async () => {
    expect(await problemsOf(composedCar('[{ rule: illegal_parking, zone: bay, stayStartS: 6, region: [0.4297, 0.463, 0.6693, 0.7407] }]'))).toEqual([
      'scene "park" (scenes[0]): truth[0].stayStartS: the keyframes give 5',
    ]);
    expect(await problemsOf(composedCar('[]'))).toEqual([
      'scene "park" (scenes[0]): truth: the keyframes imply a illegal_parking case in zone bay that is not listed: { rule: illegal_parking, zone: bay, stayStartS: 5, region: [0.4297, 0.463, 0.6693, 0.7407] }',
    ]);
  });

  it('refuses a case due after the end of the clip', async () => {
    expect(await problemsOf(`
scenes:
  - name: late
    clip: sidewalk-bag-left.avi
    zones: [{ id: kerb, polygon: [[0.45, 0.55], [0.98, 0.6], [0.98, 1], [0.4, 1]], rules: [{ type: littering, graceSeconds: 30 }] }]
    truth: [{ rule: littering, zone: kerb, stayStartS: 20.1, region: [0.626, 0.765, 0.697, 0.869] }]
`)).toEqual(['scene "late" (scenes[0]): truth[0].stayStartS: due at 50.1 s (stay start + grace), after the end of the scene (39.01 s)']);
  });

  it('names the line of a YAML syntax error and a file that is not there', async () => {
    const problems = await problemsOf('scenes:\n  - name: x\n    zones: [\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^YAML: .*line 4/s);
    await expect(loadSceneSet(join(dir, 'absent.yaml'))).rejects.toThrow(/absent\.yaml: 1 problem:\n {2}cannot read the scene set \(ENOENT\)/);
  });
});

describe('comparing written truth with the keyframes', () => {
  const derived = [{ rule: 'littering' as const, zone: 'kerb', stayStartS: 12.71, region: [0.6236, 0.7583, 0.7, 0.8729] as [number, number, number, number] }];

  it('accepts values written to two decimals and a region to three', () => {
    expect(compareTruth([{ ...derived[0]!, stayStartS: 12.7, region: [0.624, 0.758, 0.7, 0.873] }], derived)).toEqual([]);
  });

  it('names the key that differs, and a case the keyframes do not give', () => {
    expect(compareTruth([{ ...derived[0]!, region: [0.6, 0.7583, 0.7, 0.8729] }], derived)).toEqual(['truth[0].region: the keyframes give [0.6236, 0.7583, 0.7, 0.8729]']);
    expect(compareTruth([...derived, { ...derived[0]!, zone: 'walkway' }], derived)).toEqual(['truth[1]: the keyframes imply no (further) littering case in zone walkway']);
  });
});

describe('the scene set of npm run eval', () => {
  it('loads, has at least 12 scenes, and has positive and negative scenes for every rule', async () => {
    const set = await loadSceneSet(join(repoRoot(), 'devkit', 'eval', 'scenes.yaml'));
    expect(set.scenes.length).toBeGreaterThanOrEqual(12);
    for (const rule of ruleTypes) {
      const watching = set.scenes.filter((s) => s.scene.zones.some((z) => z.rules.some((r) => r.type === rule)));
      const positive = watching.filter((s) => s.expected.some((e) => e.rule === rule));
      expect(positive.length, rule).toBeGreaterThanOrEqual(1);
      expect(watching.length - positive.length, rule).toBeGreaterThanOrEqual(1);
    }
  });
});
