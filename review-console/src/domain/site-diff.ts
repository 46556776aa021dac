import type { DiffLine } from '../api/site-api-types.js';
import { credentialKinds, type SiteDocument, type StoredCamera } from './site-document.js';

/*
 * What changed between two config versions, keyed by camera and zone ids (a reorder is not a
 * change). Nested settings are compared leaf by leaf (`detect.fps`); arrays such as a polygon or a
 * zone's rules are compared whole. A login is never shown: only that it changed.
 */

const HIDDEN = '(changed)';

export function diffSites(before: SiteDocument, after: SiteDocument): DiffLine[] {
  const out: DiffLine[] = [];
  const old = new Map(before.cameras.map((c) => [c.camera.id, c]));
  const now = new Map(after.cameras.map((c) => [c.camera.id, c]));
  for (const [id, entry] of now) {
    const previous = old.get(id);
    if (!previous) out.push({ path: `cameras[${id}]`, kind: 'added', after: entry.camera });
    else diffCamera(`cameras[${id}]`, previous, entry, out);
  }
  for (const [id, entry] of old) if (!now.has(id)) out.push({ path: `cameras[${id}]`, kind: 'removed', before: entry.camera });
  return out;
}

function diffCamera(path: string, before: StoredCamera, after: StoredCamera, out: DiffLine[]): void {
  const { zones: oldZones, ...oldRest } = before.camera;
  const { zones: newZones, ...newRest } = after.camera;
  diffValue(path, oldRest, newRest, out);
  const old = new Map(oldZones.map((z) => [z.id, z]));
  const now = new Map(newZones.map((z) => [z.id, z]));
  for (const [id, zone] of now) {
    const previous = old.get(id);
    if (!previous) out.push({ path: `${path}.zones[${id}]`, kind: 'added', after: zone });
    else diffValue(`${path}.zones[${id}]`, previous, zone, out);
  }
  for (const [id, zone] of old) if (!now.has(id)) out.push({ path: `${path}.zones[${id}]`, kind: 'removed', before: zone });
  for (const kind of credentialKinds) {
    const was = before.credentials[kind];
    const is = after.credentials[kind];
    if (was === is) continue;
    const line: DiffLine = { path: `${path}.credentials.${kind}`, kind: was === undefined ? 'added' : is === undefined ? 'removed' : 'changed' };
    if (was !== undefined) line.before = HIDDEN;
    if (is !== undefined) line.after = HIDDEN;
    out.push(line);
  }
}

function diffValue(path: string, before: unknown, after: unknown, out: DiffLine[]): void {
  if (sameValue(before, after)) return;
  if (isRecord(before) && isRecord(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) diffValue(`${path}.${key}`, before[key], after[key], out);
    return;
  }
  if (before === undefined) out.push({ path, kind: 'added', after });
  else if (after === undefined) out.push({ path, kind: 'removed', before });
  else out.push({ path, kind: 'changed', before, after });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

const CAMERA_PATH = /^cameras\[([^\]]+)\](?:\.(.*))?$/;
const ZONE_PATH = /^zones\[([^\]]+)\](?:\.(.*))?$/;

/**
 * Short lines in plain words for the version list: `camera cam-02 added`,
 * `cam-01: zone gate changed (polygon)`, `cam-01: detect.fps, name changed`.
 */
export function summarizeChanges(lines: readonly DiffLine[]): string[] {
  const out: string[] = [];
  const settings = new Map<string, string[]>();
  const zones = new Map<string, string[]>();
  for (const line of lines) {
    const camera = CAMERA_PATH.exec(line.path);
    if (!camera) continue;
    const [, cameraId = '', rest] = camera;
    if (rest === undefined) {
      out.push(`camera ${cameraId} ${line.kind}`);
      continue;
    }
    const zone = ZONE_PATH.exec(rest);
    if (zone) {
      const [, zoneId = '', field] = zone;
      if (field === undefined) out.push(`${cameraId}: zone ${zoneId} ${line.kind}`);
      else addTo(zones, `${cameraId}: zone ${zoneId}`, field.split('.')[0] ?? field);
      continue;
    }
    addTo(settings, cameraId, rest.startsWith('credentials.') ? `${rest.slice('credentials.'.length)} login` : rest);
  }
  for (const [cameraId, fields] of settings) out.push(`${cameraId}: ${fields.join(', ')} changed`);
  for (const [zone, fields] of zones) out.push(`${zone} changed (${fields.join(', ')})`);
  return out.length > 0 ? out : ['no changes'];
}

function addTo(map: Map<string, string[]>, key: string, field: string): void {
  const fields = map.get(key) ?? [];
  if (!fields.includes(field)) fields.push(field);
  map.set(key, fields);
}
