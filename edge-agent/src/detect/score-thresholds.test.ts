import { describe, expect, it } from 'vitest';
import { resolveThresholds, UnknownClassError } from './score-thresholds.js';

const classes = ['person', 'car', 'handbag'];

describe('resolveThresholds', () => {
  it('uses scoreThreshold for every class without its own', () => {
    const t = resolveThresholds(classes, { scoreThreshold: 0.3, perClassThresholds: { handbag: 0.15, car: 0.5 } });
    expect([...t.byClass].map((v) => Math.round(v * 100) / 100)).toEqual([0.3, 0.5, 0.15]);
    expect(t.min).toBeCloseTo(0.15);
  });

  it('refuses a class name the model does not have, naming it', () => {
    expect(() => resolveThresholds(classes, { scoreThreshold: 0.3, perClassThresholds: { 'hand bag': 0.2 } })).toThrow(UnknownClassError);
    expect(() => resolveThresholds(classes, { scoreThreshold: 0.3, perClassThresholds: { 'hand bag': 0.2 } })).toThrow(/"hand bag"/);
  });
});
