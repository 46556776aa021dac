import type { RuleConfig, ZoneConfig } from '../../src/config/agent-config.schema.js';
import { CameraAnalyzer, type AnalyzerInput, type CameraAnalyzerOptions } from '../../src/rules/camera-analyzer.js';
import type { FrameDetections } from '../../src/detect/detection.js';
import type { ViolationEvent } from '../../src/rules/violation-event.js';

/** A zone with config defaults filled in, as the schema would after parsing. */
export function zone(polygon: [number, number][], rules: RuleConfig[], extra: Partial<ZoneConfig> = {}): ZoneConfig {
  return { id: 'zone-a', polygon, anchor: 'bottom-center', minBoxArea: 0, rules, ...extra };
}

/** Feeds every frame (with an optional grey picture) and returns the events, `finish` included. */
export function runAnalyzer(
  frames: readonly FrameDetections[],
  options: Omit<CameraAnalyzerOptions, 'cameraId'> & { cameraId?: string },
  grey?: (frame: FrameDetections) => AnalyzerInput['grey'],
): ViolationEvent[] {
  const analyzer = new CameraAnalyzer({ cameraId: frames[0]?.cameraId ?? 'cam-1', ...options });
  const events: ViolationEvent[] = [];
  for (const frame of frames) {
    const g = grey?.(frame);
    events.push(...analyzer.step(g === undefined ? { detections: frame } : { detections: frame, grey: g }).events);
  }
  events.push(...analyzer.finish());
  return events;
}

/** One line per event, seconds rounded, for readable expectations. */
export function summarise(events: readonly ViolationEvent[]): { phase: string; key: string; startedAtS: number; triggeredAtS: number; endedAtS?: number; classes: string[] }[] {
  const s = (ms: number): number => Math.round(ms / 100) / 10;
  return events.map((e) => ({
    phase: e.phase,
    key: e.key,
    startedAtS: s(e.startedAtMs),
    triggeredAtS: s(e.triggeredAtMs),
    ...(e.endedAtMs === undefined ? {} : { endedAtS: s(e.endedAtMs) }),
    classes: e.classes,
  }));
}
