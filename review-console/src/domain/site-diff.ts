import type { ChangeItem, DiffLine } from '../api/site-api-types.js';
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
 * What a version changed, one item per camera or zone: `camera cam-02 added`,
 * `cam-01: zone gate changed (polygon)`, `cam-01: detect.fps, name changed` (see changeLine).
 */
export function summarizeChangeItems(lines: readonly DiffLine[]): ChangeItem[] {
  const out: ChangeItem[] = [];
  const settings = new Map<string, string[]>();
  const zones = new Map<string, { camera: string; zone: string; fields: string[] }>();
  for (const line of lines) {
    const camera = CAMERA_PATH.exec(line.path);
    if (!camera) continue;
    const [, cameraId = '', rest] = camera;
    if (rest === undefined) {
      out.push({ kind: 'camera', camera: cameraId, change: line.kind });
      continue;
    }
    const zone = ZONE_PATH.exec(rest);
    if (zone) {
      const [, zoneId = '', field] = zone;
      if (field === undefined) out.push({ kind: 'zone', camera: cameraId, zone: zoneId, change: line.kind });
      else {
        const key = `${cameraId}\u0000${zoneId}`;
        if (!zones.has(key)) zones.set(key, { camera: cameraId, zone: zoneId, fields: [] });
        addField(zones.get(key)!.fields, field.split('.')[0] ?? field);
      }
      continue;
    }
    if (!settings.has(cameraId)) settings.set(cameraId, []);
    addField(settings.get(cameraId)!, rest);
  }
  for (const [cameraId, fields] of settings) out.push({ kind: 'cameraFields', camera: cameraId, fields });
  for (const entry of zones.values()) out.push({ kind: 'zoneFields', ...entry });
  return out.length > 0 ? out : [{ kind: 'none' }];
}

/** Short lines in plain English for the version list, as stored with each version. */
export function summarizeChanges(lines: readonly DiffLine[]): string[] {
  return summarizeChangeItems(lines).map(changeLine);
}

const LOGIN = 'credentials.';
const fieldWords = (fields: readonly string[]): string => fields.map((f) => (f.startsWith(LOGIN) ? `${f.slice(LOGIN.length)} login` : f)).join(', ');
const fieldsOf = (words: string): string[] => words.split(', ').map((w) => (w.endsWith(' login') ? `${LOGIN}${w.slice(0, -' login'.length)}` : w));

export function changeLine(item: ChangeItem): string {
  switch (item.kind) {
    case 'camera':
      return `camera ${item.camera} ${item.change}`;
    case 'zone':
      return `${item.camera}: zone ${item.zone} ${item.change}`;
    case 'cameraFields':
      return `${item.camera}: ${fieldWords(item.fields)} changed`;
    case 'zoneFields':
      return `${item.camera}: zone ${item.zone} changed (${fieldWords(item.fields)})`;
    case 'none':
      return 'no changes';
    case 'text':
      return item.text;
  }
}

/*
 * Lines stored with a version, read back as items. Ids are slugs (no spaces, colons or brackets)
 * and field names have none either, so each form below is read exactly; anything else is kept as text.
 */
const LINE_FORMS: readonly [RegExp, (m: RegExpExecArray) => ChangeItem][] = [
  [/^camera (\S+) (added|removed|changed)$/, (m) => ({ kind: 'camera', camera: m[1]!, change: m[2] as DiffLine['kind'] })],
  [/^(\S+): zone (\S+) (added|removed|changed)$/, (m) => ({ kind: 'zone', camera: m[1]!, zone: m[2]!, change: m[3] as DiffLine['kind'] })],
  [/^(\S+): zone (\S+) changed \((.+)\)$/, (m) => ({ kind: 'zoneFields', camera: m[1]!, zone: m[2]!, fields: fieldsOf(m[3]!) })],
  [/^(\S+): (.+) changed$/, (m) => ({ kind: 'cameraFields', camera: m[1]!, fields: fieldsOf(m[2]!) })],
  [/^no changes$/, () => ({ kind: 'none' })],
];

export function parseChangeLine(line: string): ChangeItem {
  for (const [form, item] of LINE_FORMS) {
    const match = form.exec(line);
    if (match) return item(match);
  }
  return { kind: 'text', text: line };
}

function addField(fields: string[], field: string): void {
  if (!fields.includes(field)) fields.push(field);
}
