import { canonicalJson } from '@wardwatch/contracts';
import type { CameraConfig } from '../config/agent-config.schema.js';

/** What a new camera list means for the running cameras. */
export interface CameraChanges {
  added: CameraConfig[];
  /** Same id, different stream settings: the camera restarts (ffmpeg included) with the new ones. */
  changed: CameraConfig[];
  /**
   * Same id and stream, only `zones`, `name` or `motion` differ: the running ffmpeg keeps going
   * and the camera's analysis takes the new settings (see `liveEditable`).
   */
  updated: CameraConfig[];
  removed: string[];
  unchanged: string[];
}

/**
 * Settings the analysis reads and ffmpeg does not: editing them must not cost a restart (an
 * RTSP reconnect is seconds without frames, and installers edit zones many times while setting
 * up a camera). With `crop: zones` the zones decide what ffmpeg crops, so they are not editable
 * live there.
 */
const LIVE_EDITABLE = ['zones', 'name', 'motion'] as const;

function streamPart(camera: CameraConfig): string {
  const rest: Partial<CameraConfig> = { ...camera };
  for (const key of LIVE_EDITABLE) delete rest[key];
  return canonicalJson(rest);
}

/** True when `after` differs from `before` only in settings the running analysis can take. */
export function liveEditable(before: CameraConfig, after: CameraConfig): boolean {
  if (before.crop === 'zones' || after.crop === 'zones') {
    return streamPart(before) === streamPart(after) && canonicalJson(before.zones) === canonicalJson(after.zones);
  }
  return streamPart(before) === streamPart(after);
}

/**
 * Compares two camera lists by id and by every setting (after defaults were applied, so a key
 * written out with its default value is not a change). Order of the list does not matter.
 */
export function diffCameras(before: readonly CameraConfig[], after: readonly CameraConfig[]): CameraChanges {
  const old = new Map(before.map((camera) => [camera.id, camera]));
  const changes: CameraChanges = { added: [], changed: [], updated: [], removed: [], unchanged: [] };
  for (const camera of after) {
    const previous = old.get(camera.id);
    if (!previous) changes.added.push(camera);
    else if (canonicalJson(previous) === canonicalJson(camera)) changes.unchanged.push(camera.id);
    else if (liveEditable(previous, camera)) changes.updated.push(camera);
    else changes.changed.push(camera);
    old.delete(camera.id);
  }
  changes.removed = [...old.keys()];
  return changes;
}

export function hasCameraChanges(changes: CameraChanges): boolean {
  return changes.added.length + changes.changed.length + changes.updated.length + changes.removed.length > 0;
}

/** The ids of each kind of change, for logs and reload outcomes. */
export function changeSummary(changes: CameraChanges): { added: string[]; changed: string[]; updated: string[]; removed: string[]; unchanged: string[] } {
  const ids = (cameras: CameraConfig[]): string[] => cameras.map((camera) => camera.id);
  return { added: ids(changes.added), changed: ids(changes.changed), updated: ids(changes.updated), removed: changes.removed, unchanged: changes.unchanged };
}
