/**
 * Agents send heartbeats every few seconds; one lost heartbeat is normal, three in a row mean
 * the agent (or its network) is gone, and its cameras are shown as down.
 */
export const MISSED_HEARTBEATS_FOR_STALE = 3;
/** Used until two heartbeats have shown the agent's real interval. */
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
/** Never call a camera stale sooner than this, whatever interval an agent claims. */
export const MIN_STALE_AFTER_MS = 15_000;

export type ReportedState = 'starting' | 'up' | 'down' | 'stopped';

export interface CameraHealthView {
  status: ReportedState;
  stale: boolean;
}

export function staleAfterMs(intervalMs: number | null): number {
  const interval = intervalMs !== null && intervalMs > 0 ? intervalMs : DEFAULT_HEARTBEAT_INTERVAL_MS;
  return Math.max(MIN_STALE_AFTER_MS, interval * MISSED_HEARTBEATS_FOR_STALE);
}

export function deriveCameraHealth(reported: ReportedState, lastSeenMs: number, intervalMs: number | null, nowMs: number): CameraHealthView {
  const stale = nowMs - lastSeenMs > staleAfterMs(intervalMs);
  return { status: stale && reported !== 'stopped' ? 'down' : reported, stale };
}
