import { classWord, generateUuidV7, ZONE_WORD, type Language } from '@wardwatch/contracts';
import type { Logger } from 'pino';
import type { Frame } from '../ingest/frame.js';
import type { EvidenceRecorder } from '../evidence/evidence-recorder.js';
import { NoFootageError } from '../evidence/clip-cutter.js';
import { MediaToolError } from '../evidence/media-tool.js';
import type { SegmentSource } from '../evidence/segment-source.js';
import type { DeliveryMetrics, EvidenceFailureReason } from '../metrics/delivery-metrics.js';
import type { ViolationEvent } from '../rules/violation-event.js';
import type { DiskOutbox } from './disk-outbox.js';
import type { LabelledBox } from '../evidence/snapshot-overlay.js';
import { buildDraft, checkDraft, InvalidViolationError, type AgentIdentity, type ViolationDraft } from './violation-draft.js';

/** What the camera pipeline knows that the event does not carry. */
export interface IntakeContext {
  cameraName: string;
  /** The zone's name as configured; the snapshot and the console show its id without one. */
  zoneName?: string;
  zone: readonly (readonly [number, number])[];
  segments: SegmentSource;
  triggerFrame?: Frame;
}

export interface IntakeDeps {
  outbox: DiskOutbox;
  recorder: EvidenceRecorder;
  identity: AgentIdentity;
  now: () => number;
  logger: Logger;
  metrics: Pick<DeliveryMetrics, 'evidenceFailures' | 'evidencePartial'>;
}

/**
 * The step from a rule's event to a durable outbox item: new id, contract check, evidence cut
 * into a staged directory, atomic commit. Each submission runs on its own (a clip waits for the
 * cache), and `close` lets the pending ones finish with the footage that exists.
 */
export class ViolationIntake {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly shutdown = new AbortController();

  constructor(private readonly deps: IntakeDeps) {}

  /**
   * Resolves with the violation id once the item is in the outbox, or undefined when the event
   * needs no job (`ended` updates a stay that was already reported) or its evidence failed (logged
   * and counted; the promise never rejects, so callers can fire and forget).
   */
  submit(event: ViolationEvent, context: IntakeContext): Promise<string | undefined> {
    const task = this.record(event, context);
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
    return task;
  }

  pendingEvidence(): number {
    return this.inFlight.size;
  }

  /** Stops waiting for the cache; evidence in progress is cut from what exists and committed. */
  async close(): Promise<void> {
    this.shutdown.abort();
    await Promise.all([...this.inFlight]);
  }

  private async record(event: ViolationEvent, context: IntakeContext): Promise<string | undefined> {
    if (event.phase === 'ended') return undefined;
    const { outbox, recorder, identity, logger, metrics } = this.deps;
    const log = logger.child({ cameraId: event.cameraId, zoneId: event.zoneId, rule: event.rule });
    let staging: string | undefined;
    try {
      const violationId = generateUuidV7(this.deps.now());
      const draft = buildDraft(event, { camera: context.cameraName, zone: context.zoneName }, identity, violationId);
      checkDraft(draft);
      staging = await outbox.stage();
      const { boxes, zoneLine } = snapshotWords(identity.language ?? 'vi', draft);
      const evidence = await recorder.record(
        { cameraName: context.cameraName, zoneLine, startedAtMs: event.startedAtMs, triggeredAtMs: event.triggeredAtMs, zone: context.zone, boxes, segments: context.segments, ...(context.triggerFrame ? { triggerFrame: context.triggerFrame } : {}) },
        staging,
        this.shutdown.signal,
      );
      if (!evidence.clipComplete) metrics.evidencePartial.inc();
      const item = await outbox.commit(staging, {
        version: 1,
        violationId,
        createdAtMs: Math.round(this.deps.now()),
        draft,
        media: { clip: evidence.clip, snapshot: evidence.snapshot },
      });
      staging = undefined;
      if (item) log.info({ event: 'violation_recorded', violationId, clipSeconds: evidence.clip.durationSeconds, clipBytes: evidence.clip.bytes }, 'violation evidence is in the outbox');
      return item?.id;
    } catch (error) {
      const reason = failureReason(error);
      metrics.evidenceFailures.inc({ reason });
      log.error({ event: 'evidence_failed', reason, err: error }, 'could not record the violation evidence');
      return undefined;
    } finally {
      if (staging !== undefined) await outbox.discard(staging).catch(() => undefined);
    }
  }
}

/**
 * What the snapshot says, in the site's language: each box labelled with its object and how sure
 * the detector was (`ô tô 88%`), and the zone by the name the installer gave it.
 */
export function snapshotWords(language: Language, draft: Pick<ViolationDraft, 'boxes' | 'classes' | 'scores' | 'zoneId' | 'zoneName'>): { boxes: LabelledBox[]; zoneLine: string } {
  const label = (className: string, score: number | undefined): string => {
    const word = classWord(language, className);
    return score === undefined ? word : `${word} ${Math.round(score * 100)}%`;
  };
  return {
    boxes: draft.boxes.map((box, index) => ({ box, label: label(draft.classes[index] ?? draft.classes[0] ?? '', draft.scores[index]) })),
    zoneLine: `${ZONE_WORD[language]}: ${draft.zoneName ?? draft.zoneId}`,
  };
}

function failureReason(error: unknown): EvidenceFailureReason {
  if (error instanceof NoFootageError) return 'no_footage';
  if (error instanceof MediaToolError) return 'ffmpeg';
  if (error instanceof InvalidViolationError) return 'invalid_violation';
  if (typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string') return 'outbox_io';
  return 'other';
}
