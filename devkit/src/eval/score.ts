import { ruleTypes, type RuleType } from '@wardwatch/contracts';
import { regionArea } from './frame-geometry.js';
import type { Region, TruthCase } from './scene-set.schema.js';

/*
 * Scoring of one analysis against its ground truth: pure functions, no I/O.
 *
 * A report matches a truth case when the rule and zone are the same, it triggered within
 * DELAY_TOLERANCE_S of stayStartS + grace, and its bbox is around the object: grown by
 * REGION_SLACK on every side it contains the core of the case's region (the object's extent), and
 * it is no larger than MAX_BOX_AREA_RATIO times the region. Matching is one to one and finds as many pairs as possible (a
 * second report of the same object is a false case). `renotified` reports are repeats of a case
 * already counted, not cases, and are skipped.
 */

/**
 * How far a trigger may be from stayStartS + grace. Truth read off real frames is +-1 s, the
 * agent's stationary test needs a 3 s window, and motion gating confirms a still object only at
 * its forced detections (every 2 s): 5 s covers those, and a report later than that is a defect.
 */
export const DELAY_TOLERANCE_S = 5;
/**
 * The report's bbox may miss the region by this much of the frame on each side: a sprite's crop
 * or a box read by eye is a few pixels wider than the detector's tight box, and the sway
 * condition moves the picture by up to 6 px (0.008 of a 768 px frame).
 */
export const REGION_SLACK = 0.02;
/**
 * The core a box must contain: the region less this share of its width and height on each side.
 * A detector's box of a person in the dark stops at the knees and the background model sees a
 * dark bag without its shadowed bottom edge: such a box still marks the offender. A box beside
 * it, or over a fragment, misses the core.
 */
export const REGION_CORE_TRIM = 0.2;
/** ...and a box many times the object's size (a whole kerb, half the frame) does not mark it. */
export const MAX_BOX_AREA_RATIO = 4;

/** The part of a region every box around the object covers. */
export function regionCore([x1, y1, x2, y2]: Region): Region {
  const dx = (x2 - x1) * REGION_CORE_TRIM;
  const dy = (y2 - y1) * REGION_CORE_TRIM;
  return [x1 + dx, y1 + dy, x2 - dx, y2 - dy];
}

/**
 * Whether a report's box marks the object whose extent is `region`. The slack shrinks with a
 * small object (at most SLACK_SHARE of its size on each axis): 0.02 of the frame is a third of
 * a bag, and a box over half the bag would pass.
 */
export function boxAroundObject(bbox: Region, region: Region, slack: number): boolean {
  const [x1, y1, x2, y2] = regionCore(region);
  const sx = Math.min(slack, SLACK_SHARE * (region[2] - region[0]));
  const sy = Math.min(slack, SLACK_SHARE * (region[3] - region[1]));
  return bbox[0] - sx <= x1 && bbox[1] - sy <= y1 && bbox[2] + sx >= x2 && bbox[3] + sy >= y2 && regionArea(bbox) <= MAX_BOX_AREA_RATIO * regionArea(region);
}

const SLACK_SHARE = 0.15;

/** What the evaluation asks of the agent, per condition and rule: `--check` and the CI test both read it. */
export const EVAL_TARGET = { precision: 1, recall: 1, maxAbsDelayS: DELAY_TOLERANCE_S } as const;

/** The part of `edge-agent analyze --json`'s ViolationReport that scoring reads. */
export interface ReportedCase {
  rule: RuleType;
  zoneId: string;
  startedAtS: number;
  triggeredAtS: number;
  endedAtS: number | null;
  bbox: Region;
  classes: string[];
  trackIds: number[];
  phase: 'triggered' | 'renotified';
  key: string;
}

/** A truth case with its due trigger time. */
export interface ExpectedCase extends TruthCase {
  dueS: number;
}

export interface Match {
  truth: ExpectedCase;
  report: ReportedCase;
  /** triggeredAtS - dueS: positive = late. */
  delayS: number;
}

export interface CaseScore {
  matches: Match[];
  /** Reports that match no truth case. */
  falseReports: ReportedCase[];
  /** Truth cases that no report matches. */
  missed: ExpectedCase[];
}

export interface Tolerances {
  delayS: number;
  slack: number;
}

const DEFAULT_TOLERANCES: Tolerances = { delayS: DELAY_TOLERANCE_S, slack: REGION_SLACK };

export function matchCases(expected: readonly ExpectedCase[], reports: readonly ReportedCase[], tolerances: Tolerances = DEFAULT_TOLERANCES): CaseScore {
  const cases = reports.filter((r) => r.phase !== 'renotified');
  const truths = [...expected].sort((a, b) => a.dueS - b.dueS);
  // Each truth case tries the reports it may match, nearest trigger first.
  const candidates = truths.map((truth) =>
    cases
      .map((report, index) => ({ index, delay: Math.abs(report.triggeredAtS - truth.dueS) }))
      .filter(({ index, delay }) => {
        const report = cases[index]!;
        return report.rule === truth.rule && report.zoneId === truth.zone && delay <= tolerances.delayS && boxAroundObject(report.bbox, truth.region, tolerances.slack);
      })
      .sort((a, b) => a.delay - b.delay || a.index - b.index)
      .map(({ index }) => index),
  );
  // Kuhn's augmenting paths: the largest one-to-one matching (the lists are a handful long).
  const truthOfReport = new Array<number>(cases.length).fill(-1);
  const assign = (t: number, seen: boolean[]): boolean => {
    for (const r of candidates[t]!) {
      if (seen[r]) continue;
      seen[r] = true;
      if (truthOfReport[r] === -1 || assign(truthOfReport[r]!, seen)) {
        truthOfReport[r] = t;
        return true;
      }
    }
    return false;
  };
  truths.forEach((_, t) => assign(t, new Array<boolean>(cases.length).fill(false)));

  const matches: Match[] = [];
  const falseReports: ReportedCase[] = [];
  cases.forEach((report, r) => {
    const t = truthOfReport[r]!;
    if (t === -1) falseReports.push(report);
    else matches.push({ truth: truths[t]!, report, delayS: round2(report.triggeredAtS - truths[t]!.dueS) });
  });
  const matched = new Set(matches.map((m) => m.truth));
  matches.sort((a, b) => a.truth.dueS - b.truth.dueS);
  return { matches, falseReports, missed: truths.filter((t) => !matched.has(t)) };
}

/** True / false / missed counts and trigger delays of one rule. */
export interface RuleTally {
  tp: number;
  fp: number;
  fn: number;
  delaysS: number[];
}

export type RuleTallies = Record<RuleType, RuleTally>;

export function emptyTallies(): RuleTallies {
  return Object.fromEntries(ruleTypes.map((rule) => [rule, { tp: 0, fp: 0, fn: 0, delaysS: [] }])) as unknown as RuleTallies;
}

export function tallyByRule(score: CaseScore): RuleTallies {
  const out = emptyTallies();
  for (const m of score.matches) {
    out[m.truth.rule].tp += 1;
    out[m.truth.rule].delaysS.push(m.delayS);
  }
  for (const r of score.falseReports) out[r.rule].fp += 1;
  for (const t of score.missed) out[t.rule].fn += 1;
  return out;
}

/** Adds `more` into `into` (for a summary over scenes). */
export function addTallies(into: RuleTallies, more: RuleTallies): RuleTallies {
  for (const rule of ruleTypes) {
    into[rule].tp += more[rule].tp;
    into[rule].fp += more[rule].fp;
    into[rule].fn += more[rule].fn;
    into[rule].delaysS.push(...more[rule].delaysS);
  }
  return into;
}

/** TP / (TP + FP); 1 when nothing was reported (no report can be wrong). */
export function precision(t: Pick<RuleTally, 'tp' | 'fp'>): number {
  return t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp);
}

/** TP / (TP + FN); 1 when nothing was expected (nothing can be missed). */
export function recall(t: Pick<RuleTally, 'tp' | 'fn'>): number {
  return t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn);
}

/** The largest |delay| among matched cases; 0 when none matched. */
export function maxAbsDelay(t: Pick<RuleTally, 'delaysS'>): number {
  return t.delaysS.reduce((max, d) => Math.max(max, Math.abs(d)), 0);
}

/** True when a tally meets EVAL_TARGET (or the target given). */
export function meetsTarget(t: RuleTally, target: { precision: number; recall: number; maxAbsDelayS: number } = EVAL_TARGET): boolean {
  return precision(t) >= target.precision && recall(t) >= target.recall && maxAbsDelay(t) <= target.maxAbsDelayS;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
