import { formatIssues, mediaUri, violationJobV1, type Language, type ViolationJob } from '@wardwatch/contracts';
import type { Box } from '../detect/detection.js';
import { isoWithOffset } from '../evidence/local-time.js';
import type { ViolationEvent } from '../rules/violation-event.js';

/** Who is reporting: the same for every violation of one agent run. */
export interface AgentIdentity {
  agentId: string;
  agentVersion: string;
  ward: string;
  model: { name: string; sha256: string };
  timeZone: string;
  /** The language of the words on evidence snapshots; Vietnamese when unset. */
  language?: Language;
}

/** The job minus its media references, which exist only after the upload. */
export type ViolationDraft = Omit<ViolationJob, 'media'>;

/** A violation the contract would refuse: a bug upstream, reported instead of retried forever. */
export class InvalidViolationError extends Error {
  override readonly name = 'InvalidViolationError';
}

export function buildDraft(event: ViolationEvent, names: { camera: string; zone?: string | undefined }, identity: AgentIdentity, violationId: string): ViolationDraft {
  const boxes = event.boxes.map(clampBox);
  const draft: ViolationDraft = {
    version: 1,
    violationId,
    agentId: identity.agentId,
    agentVersion: identity.agentVersion,
    cameraId: event.cameraId,
    cameraName: names.camera,
    ward: identity.ward,
    ruleType: event.rule,
    zoneId: event.zoneId,
    ...(names.zone !== undefined && names.zone.trim() !== '' ? { zoneName: names.zone.trim().slice(0, 200) } : {}),
    classes: event.classes.length > 0 ? event.classes : ['object'],
    scores: event.scores.map((score) => Math.min(1, Math.max(0, score))),
    trackIds: event.trackIds,
    startedAt: isoWithOffset(event.startedAtMs, identity.timeZone),
    triggeredAt: isoWithOffset(Math.max(event.triggeredAtMs, event.startedAtMs), identity.timeZone),
    bbox: clampBox(event.bbox),
    boxes: boxes.length > 0 ? boxes : [clampBox(event.bbox)],
    model: identity.model,
  };
  if (event.endedAtMs !== undefined) draft.endedAt = isoWithOffset(Math.max(event.endedAtMs, event.startedAtMs), identity.timeZone);
  return draft;
}

/** The full job once both uploads are known; throws InvalidViolationError if the contract refuses it. */
export function completeJob(draft: ViolationDraft, media: ViolationJob['media']): ViolationJob {
  const result = violationJobV1.safeParse({ ...draft, media });
  if (!result.success) throw new InvalidViolationError(`the violation does not fit the job contract: ${formatIssues(result.error).join('; ')}`);
  return result.data;
}

/** Checks a draft before any evidence is cut, with the URIs the console will assign. */
export function checkDraft(draft: ViolationDraft): void {
  const placeholder = { sha256: '0'.repeat(64), bytes: 1 };
  completeJob(draft, {
    clip: { uri: mediaUri(draft.violationId, 'clip'), mime: 'video/mp4', ...placeholder },
    snapshot: { uri: mediaUri(draft.violationId, 'snapshot'), mime: 'image/jpeg', ...placeholder },
  });
}

/** Box edges from a tracker can overshoot the frame by a pixel; the contract wants 0..1 and x2 > x1. */
function clampBox(box: Box): Box {
  const [x1, x2] = clampSpan(box.x1, box.x2);
  const [y1, y2] = clampSpan(box.y1, box.y2);
  return { x1, y1, x2, y2 };
}

function clampSpan(a: number, b: number): [number, number] {
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  // A box squeezed to nothing by the frame edge keeps a sliver so the contract's x2 > x1 holds.
  const minimum = 1e-4;
  let low = clamp(Math.min(a, b));
  let high = clamp(Math.max(a, b));
  if (high - low < minimum) {
    if (low + minimum <= 1) high = low + minimum;
    else low = high - minimum;
  }
  return [low, high];
}
