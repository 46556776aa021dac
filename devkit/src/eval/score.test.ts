import { describe, expect, it } from 'vitest';
import type { Region } from './scene-set.schema.js';
import { DELAY_TOLERANCE_S, REGION_SLACK, addTallies, emptyTallies, matchCases, maxAbsDelay, meetsTarget, precision, recall, tallyByRule, type ExpectedCase, type ReportedCase } from './score.js';

/*
 * Real numbers: the parked car of lot-park-centre (stops at 5 s, grace 20 s, region from its
 * keyframes) and the bag of real-bag-left (owner gone at 20.1 s, grace 5 s), with reports shaped
 * like `edge-agent analyze --json` prints them.
 */

const carRegion: Region = [0.4297, 0.463, 0.6693, 0.7407];
const bagRegion: Region = [0.626, 0.765, 0.697, 0.869];
const car: ExpectedCase = { rule: 'illegal_parking', zone: 'bay', stayStartS: 5, dueS: 25, region: carRegion };
const bag: ExpectedCase = { rule: 'littering', zone: 'kerb', stayStartS: 20.1, dueS: 25.1, region: bagRegion };

let keys = 0;
function report(fields: Partial<ReportedCase> & Pick<ReportedCase, 'rule' | 'zoneId' | 'triggeredAtS' | 'bbox'>): ReportedCase {
  return { startedAtS: fields.triggeredAtS - 20, endedAtS: null, classes: ['car'], trackIds: [1], phase: 'triggered', key: `cam-1/${fields.zoneId}/${fields.rule}/${++keys}`, ...fields };
}
const carReport = (triggeredAtS: number, bbox: Region = [0.431, 0.468, 0.667, 0.738], extra: Partial<ReportedCase> = {}) =>
  report({ rule: 'illegal_parking', zoneId: 'bay', triggeredAtS, bbox, ...extra });
const bagReport = (triggeredAtS: number, bbox: Region) => report({ rule: 'littering', zoneId: 'kerb', triggeredAtS, bbox, classes: ['object'], trackIds: [] });

describe('matching reports to truth', () => {
  it.each([
    ['on time, boxed around the car', [carReport(25.2)], { tp: 1, fp: 0, fn: 0, delays: [0.2] }],
    ['early but within the tolerance', [carReport(20.5)], { tp: 1, fp: 0, fn: 0, delays: [-4.5] }],
    ['late by exactly the tolerance', [carReport(25 + DELAY_TOLERANCE_S)], { tp: 1, fp: 0, fn: 0, delays: [DELAY_TOLERANCE_S] }],
    ['too late: a false case and a missed one', [carReport(30.4)], { tp: 0, fp: 1, fn: 1, delays: [] }],
    ['in another zone', [carReport(25, undefined, { zoneId: 'bay-long-grace' })], { tp: 0, fp: 1, fn: 1, delays: [] }],
    ['as another rule', [report({ rule: 'sidewalk_encroachment', zoneId: 'bay', triggeredAtS: 25, bbox: [0.431, 0.468, 0.667, 0.738] })], { tp: 0, fp: 1, fn: 1, delays: [] }],
    ['with a box that misses the car by more than the slack', [carReport(25, [0.5, 0.468, 0.667, 0.738])], { tp: 0, fp: 1, fn: 1, delays: [] }],
    ['with a box a little short on every side, within the slack', [carReport(25, [0.44, 0.47, 0.66, 0.73])], { tp: 1, fp: 0, fn: 0, delays: [0] }],
    ['with a box over the right half of the car only: a fragment, not the car', [carReport(25, [0.55, 0.468, 0.667, 0.738])], { tp: 0, fp: 1, fn: 1, delays: [] }],
    ['with a box a fifth short at the bottom (a dark lower half)', [carReport(25, [0.431, 0.468, 0.667, 0.69])], { tp: 1, fp: 0, fn: 0, delays: [0] }],
    ['with a box over half the frame around it', [carReport(25, [0.1, 0.2, 0.9, 0.95])], { tp: 0, fp: 1, fn: 1, delays: [] }],
    ['twice (car then truck): the second is a false case', [carReport(25.4, undefined, { classes: ['car'] }), carReport(26, undefined, { classes: ['truck'], trackIds: [2] })], { tp: 1, fp: 1, fn: 0, delays: [0.4] }],
    ['once more as a renotification, which is not a case', [carReport(25), carReport(85, undefined, { phase: 'renotified' })], { tp: 1, fp: 0, fn: 0, delays: [0] }],
    ['not at all', [], { tp: 0, fp: 0, fn: 1, delays: [] }],
  ] as const)('a parked car reported %s', (_, reports, want) => {
    const score = matchCases([car], reports);
    const tally = tallyByRule(score).illegal_parking;
    const all = tallyByRule(score);
    expect({ tp: tally.tp, fp: all.illegal_parking.fp + all.sidewalk_encroachment.fp, fn: tally.fn, delays: tally.delaysS }).toEqual(want);
  });

  it('gives each truth case its own report, preferring the nearest trigger', () => {
    const early = carReport(21);
    const onTime = carReport(25.1);
    const score = matchCases([car], [early, onTime]);
    expect(score.matches.map((m) => m.report)).toEqual([onTime]);
    expect(score.falseReports).toEqual([early]);
  });

  it('matches as many pairs as possible when two cases could take the same report', () => {
    // Two stays in the same zone due 4 s apart. The report at 28 s fits both (and is as near the
    // first as the one at 22 s); the one at 22 s fits only the first. Taking 28 s for the first
    // would leave the second missed and 22 s false.
    const first: ExpectedCase = { ...car, stayStartS: 5, dueS: 25 };
    const second: ExpectedCase = { ...car, stayStartS: 9, dueS: 29 };
    const a = carReport(28);
    const b = carReport(22);
    const score = matchCases([first, second], [a, b]);
    expect(score.matches.map((m) => [m.truth.dueS, m.report.triggeredAtS])).toEqual([[25, 22], [29, 28]]);
    expect(score.falseReports).toEqual([]);
    expect(score.missed).toEqual([]);
  });

  it('counts a bag reported twice with partial boxes as one false case when one box holds the bag, two when neither does', () => {
    const whole = bagReport(22.4, [0.6304, 0.7717, 0.7101, 0.8696]);
    const leftHalf = bagReport(23, [0.62, 0.77, 0.66, 0.87]);
    const rightHalf = bagReport(23.2, [0.66, 0.77, 0.71, 0.87]);
    expect(tallyByRule(matchCases([bag], [whole, leftHalf])).littering).toEqual({ tp: 1, fp: 1, fn: 0, delaysS: [-2.7] });
    expect(tallyByRule(matchCases([bag], [leftHalf, rightHalf])).littering).toEqual({ tp: 0, fp: 2, fn: 1, delaysS: [] });
  });

  it('scores the tolerances it is given', () => {
    const late = carReport(31);
    expect(matchCases([car], [late], { delayS: 6, slack: REGION_SLACK }).matches).toHaveLength(1);
    expect(matchCases([car], [late], { delayS: 5, slack: REGION_SLACK }).matches).toHaveLength(0);
  });
});

describe('precision, recall and delays', () => {
  it.each([
    [{ tp: 6, fp: 1, fn: 0 }, 6 / 7, 1],
    [{ tp: 1, fp: 1, fn: 1 }, 0.5, 0.5],
    [{ tp: 0, fp: 3, fn: 2 }, 0, 0],
    // Nothing reported: no report was wrong. Nothing expected: nothing was missed.
    [{ tp: 0, fp: 0, fn: 2 }, 1, 0],
    [{ tp: 0, fp: 2, fn: 0 }, 0, 1],
    [{ tp: 0, fp: 0, fn: 0 }, 1, 1],
  ])('%o gives precision %d and recall %d', (t, p, r) => {
    expect(precision(t)).toBeCloseTo(p, 10);
    expect(recall(t)).toBeCloseTo(r, 10);
  });

  it('takes the largest delay either side, 0 without matches', () => {
    expect(maxAbsDelay({ delaysS: [0.2, -4.5, 3.1] })).toBe(4.5);
    expect(maxAbsDelay({ delaysS: [] })).toBe(0);
  });

  it('adds tallies of several scenes per rule', () => {
    const sum = addTallies(addTallies(emptyTallies(), tallyByRule(matchCases([car], [carReport(25.2)]))), tallyByRule(matchCases([car, bag], [carReport(40)])));
    expect(sum.illegal_parking).toEqual({ tp: 1, fp: 1, fn: 1, delaysS: [0.2] });
    expect(sum.littering).toEqual({ tp: 0, fp: 0, fn: 1, delaysS: [] });
    expect(sum.sidewalk_encroachment).toEqual({ tp: 0, fp: 0, fn: 0, delaysS: [] });
  });

  it('meets the target only with every case found, nothing false and delays in tolerance', () => {
    expect(meetsTarget({ tp: 3, fp: 0, fn: 0, delaysS: [0.2, -1.7, 4.9] })).toBe(true);
    expect(meetsTarget({ tp: 0, fp: 0, fn: 0, delaysS: [] })).toBe(true);
    expect(meetsTarget({ tp: 3, fp: 1, fn: 0, delaysS: [0] })).toBe(false);
    expect(meetsTarget({ tp: 3, fp: 0, fn: 1, delaysS: [0] })).toBe(false);
  });
});
