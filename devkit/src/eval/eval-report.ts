import { relative } from 'node:path';
import { ruleTypes } from '@wardwatch/contracts';
import { repoRoot } from '../paths.js';
import type { EvalResult, EvalRow } from './run-eval.js';
import { DELAY_TOLERANCE_S, EVAL_TARGET, MAX_BOX_AREA_RATIO, REGION_CORE_TRIM, REGION_SLACK, maxAbsDelay, meetsTarget, precision, recall, type RuleTally } from './score.js';

/*
 * What `npm run eval` prints: a terminal table (one row per scene and condition, the false and
 * missed cases under it, then a summary per condition and rule) or JSON lines.
 */

const SCENE_WIDTH = 30;
const CONDITION_WIDTH = 9;
const RULE_WIDTH = 24;

export function tableHeader(): string {
  const rules = ruleTypes.map((r) => r.padEnd(RULE_WIDTH)).join('');
  const columns = ruleTypes.map(() => 'TP FP FN  delay'.padEnd(RULE_WIDTH)).join('');
  return [
    `A report matches a truth case with the same rule and zone when it triggers within ${DELAY_TOLERANCE_S} s of stayStartS + grace`,
    `and its bbox is around the object: it contains the truth region less ${REGION_CORE_TRIM * 100}% on each side (give or take ${REGION_SLACK} of the frame)`,
    `and is at most ${MAX_BOX_AREA_RATIO}x the region's area; delay = trigger - due (s).`,
    '',
    `${'scene'.padEnd(SCENE_WIDTH)} ${'condition'.padEnd(CONDITION_WIDTH)} ${rules}`.trimEnd(),
    `${''.padEnd(SCENE_WIDTH)} ${''.padEnd(CONDITION_WIDTH)} ${columns}`.trimEnd(),
  ].join('\n');
}

/** One table row, with a line per false and missed case under it. */
export function tableRow(row: EvalRow): string {
  const cells = ruleTypes.map((rule) => cell(row.tallies[rule]).padEnd(RULE_WIDTH)).join('');
  const lines = [`${row.scene.padEnd(SCENE_WIDTH)} ${row.condition.padEnd(CONDITION_WIDTH)} ${cells}`.trimEnd()];
  for (const r of row.score.falseReports) {
    lines.push(`    false:  ${r.rule} in ${r.zoneId} at ${r.triggeredAtS} s, box ${box(r.bbox)}, ${r.classes.join('/')} track ${r.trackIds.join(',') || '-'} (stay from ${r.startedAtS} s)`);
  }
  for (const t of row.score.missed) lines.push(`    missed: ${t.rule} in ${t.zone} due at ${t.dueS} s, region ${box(t.region)}`);
  return lines.join('\n');
}

function cell(t: RuleTally): string {
  const delay = t.delaysS.length === 0 ? '-' : signed(t.delaysS.reduce((worst, d) => (Math.abs(d) > Math.abs(worst) ? d : worst), 0));
  return `${pad(t.tp, 2)} ${pad(t.fp, 2)} ${pad(t.fn, 2)} ${delay.padStart(6)}`;
}

/** The summary per condition and rule, and the wall time. */
export function summaryTable(result: EvalResult): string {
  const lines = [
    '',
    `summary (precision = TP/(TP+FP), 1 when nothing was reported; recall = TP/(TP+FN), 1 when nothing was expected)`,
    `${'condition'.padEnd(CONDITION_WIDTH)} ${'rule'.padEnd(22)}  TP  FP  FN  precision  recall  max|delay|`,
  ];
  for (const condition of result.conditions) {
    for (const rule of ruleTypes) {
      const t = result.summary[condition]![rule];
      const flag = meetsTarget(t) ? '' : '  <';
      lines.push(
        `${condition.padEnd(CONDITION_WIDTH)} ${rule.padEnd(22)} ${pad(t.tp, 3)} ${pad(t.fp, 3)} ${pad(t.fn, 3)} ${precision(t).toFixed(2).padStart(10)} ${recall(t).toFixed(2).padStart(7)} ${maxAbsDelay(t).toFixed(1).padStart(10)}${flag}`,
      );
    }
  }
  lines.push(`target: precision >= ${EVAL_TARGET.precision}, recall >= ${EVAL_TARGET.recall}, max |delay| <= ${EVAL_TARGET.maxAbsDelayS} s ("<" marks a miss); ${result.rows.length} analyses in ${result.wallS} s`);
  return lines.join('\n');
}

/** True when every condition and rule meets EVAL_TARGET. */
export function meetsEvalTarget(result: EvalResult): boolean {
  return result.conditions.every((c) => ruleTypes.every((rule) => meetsTarget(result.summary[c]![rule])));
}

/** One JSON object per scene and condition. */
export function rowJson(row: EvalRow): Record<string, unknown> {
  return {
    kind: 'scene',
    scene: row.scene,
    condition: row.condition,
    video: relative(repoRoot(), row.video),
    rules: row.tallies,
    matches: row.score.matches.map((m) => ({ rule: m.truth.rule, zone: m.truth.zone, dueS: m.truth.dueS, triggeredAtS: m.report.triggeredAtS, delayS: m.delayS, region: m.truth.region, bbox: m.report.bbox, classes: m.report.classes, trackIds: m.report.trackIds })),
    false: row.score.falseReports,
    missed: row.score.missed,
    agent: row.agentSummary,
    analyseWallS: row.analyseWallS,
  };
}

/** The closing JSON object: the summary per condition and rule. */
export function summaryJson(result: EvalResult): Record<string, unknown> {
  const conditions = Object.fromEntries(
    result.conditions.map((c) => [
      c,
      Object.fromEntries(ruleTypes.map((rule) => {
        const t = result.summary[c]![rule];
        return [rule, { tp: t.tp, fp: t.fp, fn: t.fn, precision: round(precision(t)), recall: round(recall(t)), maxAbsDelayS: maxAbsDelay(t) }];
      })),
    ]),
  );
  return { kind: 'summary', conditions, target: EVAL_TARGET, delayToleranceS: DELAY_TOLERANCE_S, regionSlack: REGION_SLACK, pass: meetsEvalTarget(result), analyses: result.rows.length, wallS: result.wallS };
}

const pad = (n: number, width: number): string => String(n).padStart(width);
const signed = (d: number): string => `${d > 0 ? '+' : ''}${d.toFixed(1)}`;
const box = (b: readonly number[]): string => `[${b.map((v) => v.toFixed(3)).join(' ')}]`;
const round = (v: number): number => Math.round(v * 1000) / 1000;
