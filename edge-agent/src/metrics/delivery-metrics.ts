import { Counter, Gauge, type Registry } from 'prom-client';

/** Why a publish step failed: a short, fixed set, so a URL or message never becomes a label. */
export const publishFailureReasons = [
  'console_unreachable',
  'console_auth',
  'console_rejected',
  'console_error',
  'media_mismatch',
  'redis_unavailable',
  'invalid_job',
  'outbox_io',
] as const;
export type PublishFailureReason = (typeof publishFailureReasons)[number];

export const evidenceFailureReasons = ['no_footage', 'ffmpeg', 'invalid_violation', 'outbox_io', 'other'] as const;
export type EvidenceFailureReason = (typeof evidenceFailureReasons)[number];

export interface DeliveryMetrics {
  outboxPending: Gauge;
  outboxBytes: Gauge;
  outboxEvicted: Counter;
  publishFailures: Counter<'reason'>;
  violationsPublished: Counter;
  evidenceFailures: Counter<'reason'>;
  evidencePartial: Counter;
  heartbeatsSent: Counter;
  heartbeatsDropped: Counter;
}

/** Evidence, outbox, publishing and heartbeat metrics on the process's one Registry. */
export function createDeliveryMetrics(registry: Registry): DeliveryMetrics {
  const registers = [registry];
  const metrics: DeliveryMetrics = {
    outboxPending: new Gauge({ name: 'wardwatch_outbox_pending', help: 'Violations in the outbox not yet enqueued to the console', registers }),
    outboxBytes: new Gauge({ name: 'wardwatch_outbox_bytes', help: 'Bytes of evidence held in the outbox', registers }),
    outboxEvicted: new Counter({ name: 'wardwatch_outbox_evicted_total', help: 'Undelivered violations dropped because the outbox quota was full', registers }),
    publishFailures: new Counter({ name: 'wardwatch_publish_failures_total', help: 'Failed publish attempts (each is retried)', labelNames: ['reason'], registers }),
    violationsPublished: new Counter({ name: 'wardwatch_violations_published_total', help: 'Violations enqueued to the console', registers }),
    evidenceFailures: new Counter({ name: 'wardwatch_evidence_failures_total', help: 'Triggered violations whose evidence could not be recorded', labelNames: ['reason'], registers }),
    evidencePartial: new Counter({ name: 'wardwatch_evidence_partial_total', help: 'Clips cut from less than their full window (cache behind or record stream down)', registers }),
    heartbeatsSent: new Counter({ name: 'wardwatch_heartbeats_sent_total', help: 'Heartbeats enqueued', registers }),
    heartbeatsDropped: new Counter({ name: 'wardwatch_heartbeats_dropped_total', help: 'Heartbeats that could not be sent and were dropped (no backlog)', registers }),
  };
  // Zero every reason so dashboards see the series before the first failure.
  for (const reason of publishFailureReasons) metrics.publishFailures.inc({ reason }, 0);
  for (const reason of evidenceFailureReasons) metrics.evidenceFailures.inc({ reason }, 0);
  return metrics;
}
