import type { CameraConfig } from '../config/agent-config.schema.js';
import { canonicalJson } from './canonical-json.js';

/** What a new camera list means for the running cameras. */
export interface CameraChanges {
  added: CameraConfig[];
  /** Same id, different settings: the camera restarts with the new ones. */
  changed: CameraConfig[];
  removed: string[];
  unchanged: string[];
}

/**
 * Compares two camera lists by id and by every setting (after defaults were applied, so a key
 * written out with its default value is not a change). Order of the list does not matter.
 */
export function diffCameras(before: readonly CameraConfig[], after: readonly CameraConfig[]): CameraChanges {
  const old = new Map(before.map((camera) => [camera.id, camera]));
  const changes: CameraChanges = { added: [], changed: [], removed: [], unchanged: [] };
  for (const camera of after) {
    const previous = old.get(camera.id);
    if (!previous) changes.added.push(camera);
    else if (canonicalJson(previous) === canonicalJson(camera)) changes.unchanged.push(camera.id);
    else changes.changed.push(camera);
    old.delete(camera.id);
  }
  changes.removed = [...old.keys()];
  return changes;
}

export function hasCameraChanges(changes: CameraChanges): boolean {
  return changes.added.length + changes.changed.length + changes.removed.length > 0;
}
