import { join } from 'node:path';
import { ruleTypes, type RuleType } from '@wardwatch/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONDITION_NAMES, type ConditionName } from '../src/eval/eval-conditions.js';
import { loadSceneSet, type LoadedSceneSet } from '../src/eval/load-scene-set.js';
import { runEval, type EvalResult } from '../src/eval/run-eval.js';
import { EVAL_TARGET, maxAbsDelay, precision, recall } from '../src/eval/score.js';
import { repoRoot } from '../src/paths.js';

/*
 * `npm run eval` as a test: the real `edge-agent analyze` on every scene of devkit/eval/scenes.yaml
 * in every condition, held to EVAL_TARGET per condition and rule (the same constant `--check`
 * uses). A failure lists the false and missed cases behind it. It takes several minutes on two
 * cores the first time (rendering the conditions into .cache/eval) and about half that after.
 */

/**
 * Where the agent is still below the target, with what it measured: held to no worse, and the
 * test fails once such a cell meets the target, so that the entry is removed, never left stale.
 * None today: night littering met it once static blobs were grown into their fainter parts.
 */
const KNOWN_GAPS: Partial<Record<ConditionName, Partial<Record<RuleType, { tp: number; fp: number; fn: number }>>>> = {};

let sceneSet: LoadedSceneSet;
let result: EvalResult;

beforeAll(async () => {
  sceneSet = await loadSceneSet(join(repoRoot(), 'devkit', 'eval', 'scenes.yaml'));
  result = await runEval({ sceneSet, conditions: CONDITION_NAMES, concurrency: 2 });
}, 30 * 60_000);

describe.each(CONDITION_NAMES)('detection quality over the scene set, %s', (condition) => {
  it('analysed every scene', () => {
    expect(result.rows.filter((r) => r.condition === condition).map((r) => r.scene)).toEqual(sceneSet.scenes.map((s) => s.scene.name));
  });

  it.each(ruleTypes)('%s: every case found, nothing false reported, every trigger on time', (rule) => {
    const rows = result.rows.filter((r) => r.condition === condition);
    const cases = [
      ...rows.flatMap((r) => r.score.falseReports.filter((f) => f.rule === rule).map((f) => `${r.scene}: false ${f.zoneId} at ${f.triggeredAtS} s [${f.bbox.join(', ')}] ${f.classes.join('/')}`)),
      ...rows.flatMap((r) => r.score.missed.filter((m) => m.rule === rule).map((m) => `${r.scene}: missed ${m.zone} due at ${m.dueS} s [${m.region.join(', ')}]`)),
    ];
    const tally = result.summary[condition]![rule];
    const meets = precision(tally) >= EVAL_TARGET.precision && recall(tally) >= EVAL_TARGET.recall && maxAbsDelay(tally) <= EVAL_TARGET.maxAbsDelayS;
    const known = KNOWN_GAPS[condition]?.[rule];
    if (known !== undefined) {
      expect({ tp: tally.tp >= known.tp, fp: tally.fp <= known.fp, fn: tally.fn <= known.fn }, cases.join('\n')).toEqual({ tp: true, fp: true, fn: true });
      expect(meets, `${condition} ${rule} meets the target now: remove it from KNOWN_GAPS`).toBe(false);
      return;
    }
    expect({ precision: precision(tally) >= EVAL_TARGET.precision, recall: recall(tally) >= EVAL_TARGET.recall, delay: maxAbsDelay(tally) <= EVAL_TARGET.maxAbsDelayS, cases }).toEqual({
      precision: true,
      recall: true,
      delay: true,
      cases: [],
    });
  });
});
