import type { ClassThresholds } from './candidate.js';
import type { DetectionSettings } from './detector.js';

export class UnknownClassError extends Error {
  override name = 'UnknownClassError';
}

/**
 * Resolves `model.scoreThreshold` and `model.perClassThresholds` (by class name) against the
 * manifest's class list. A name the model does not know is an error at start, since a typo
 * ("hand bag") would otherwise silently keep the default threshold.
 */
export function resolveThresholds(classes: readonly string[], settings: Pick<DetectionSettings, 'scoreThreshold' | 'perClassThresholds'>): ClassThresholds {
  const byClass = new Float32Array(classes.length).fill(settings.scoreThreshold);
  const unknown: string[] = [];
  for (const [name, threshold] of Object.entries(settings.perClassThresholds)) {
    const index = classes.indexOf(name);
    if (index < 0) unknown.push(name);
    else byClass[index] = threshold;
  }
  if (unknown.length > 0) {
    throw new UnknownClassError(`model.perClassThresholds names classes the model does not have: ${unknown.map((n) => `"${n}"`).join(', ')}`);
  }
  let min = Infinity;
  for (const t of byClass) min = Math.min(min, t);
  return { byClass, min };
}
