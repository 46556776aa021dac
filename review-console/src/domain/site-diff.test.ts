import { cameraSchema, ZONE_MESSAGES, type CameraConfig } from '@wardwatch/contracts/site-config';
import { describe, expect, it } from 'vitest';
import type { ChangeItem } from '../api/site-api-types.js';
import { changeLine, diffSites, parseChangeLine, summarizeChangeItems, summarizeChanges } from './site-diff.js';
import type { SiteDocument } from './site-document.js';

function camera(id: string, overrides: Record<string, unknown> = {}): CameraConfig {
  return cameraSchema.parse({
    id,
    name: `Camera ${id}`,
    detect: { url: `rtsp://10.0.0.5/${id}`, fps: 5 },
    zones: [
      { id: 'gate', polygon: [[0.1, 0.5], [0.6, 0.5], [0.6, 0.95]], rules: [{ type: 'illegal_parking', graceSeconds: 60 }] },
      { id: 'walk', polygon: [[0.0, 0.0], [0.2, 0.0], [0.2, 0.2]], rules: [{ type: 'littering' }] },
    ],
    ...overrides,
  });
}

const site = (...cameras: SiteDocument['cameras']): SiteDocument => ({ cameras });

describe('config version diff', () => {
  it('a first version lists every camera as added', () => {
    const lines = diffSites(site(), site({ camera: camera('cam-01'), credentials: {} }));
    expect(lines.map((l) => `${l.kind} ${l.path}`)).toEqual(['added cameras[cam-01]']);
    expect(summarizeChanges(lines)).toEqual(['camera cam-01 added']);
  });

  it('reordering cameras and zones is not a change; settings are compared leaf by leaf and zones by id', () => {
    const a = camera('cam-01');
    const b = camera('cam-02');
    const before = site({ camera: a, credentials: {} }, { camera: b, credentials: {} });
    const reordered = site({ camera: b, credentials: {} }, { camera: { ...a, zones: [...a.zones].reverse() }, credentials: {} });
    expect(diffSites(before, reordered)).toEqual([]);
    expect(summarizeChanges([])).toEqual(['no changes']);

    const moved = { ...a, detect: { ...a.detect, fps: 8 }, zones: [{ ...a.zones[0]!, polygon: [[0.1, 0.5], [0.7, 0.5], [0.7, 0.95]] as [number, number][] }, a.zones[1]!] };
    const lines = diffSites(before, site({ camera: moved, credentials: {} }, { camera: b, credentials: {} }));
    expect(lines).toEqual([
      { path: 'cameras[cam-01].detect.fps', kind: 'changed', before: 5, after: 8 },
      { path: 'cameras[cam-01].zones[gate].polygon', kind: 'changed', before: a.zones[0]!.polygon, after: [[0.1, 0.5], [0.7, 0.5], [0.7, 0.95]] },
    ]);
    expect(summarizeChanges(lines)).toEqual(['cam-01: detect.fps changed', 'cam-01: zone gate changed (polygon)']);
  });

  it('zones and cameras added or removed are named by id', () => {
    const a = camera('cam-01');
    const lines = diffSites(site({ camera: a, credentials: {} }), site({ camera: { ...a, zones: [a.zones[0]!] }, credentials: {} }, { camera: camera('cam-02'), credentials: {} }));
    expect(summarizeChanges(lines)).toEqual(['cam-01: zone walk removed', 'camera cam-02 added']);
    expect(lines.find((l) => l.kind === 'removed')).toMatchObject({ path: 'cameras[cam-01].zones[walk]', before: a.zones[1] });
  });

  it('a login is only ever shown as "(changed)", whether set, replaced or cleared', () => {
    const a = camera('cam-01');
    const lines = diffSites(
      site({ camera: a, credentials: { detect: 'v1:old-sealed', record: 'v1:gone' } }),
      site({ camera: a, credentials: { detect: 'v1:new-sealed' } }),
    );
    expect(lines).toEqual([
      { path: 'cameras[cam-01].credentials.detect', kind: 'changed', before: '(changed)', after: '(changed)' },
      { path: 'cameras[cam-01].credentials.record', kind: 'removed', before: '(changed)' },
    ]);
    expect(JSON.stringify(lines)).not.toContain('sealed');
    expect(summarizeChanges(lines)).toEqual(['cam-01: detect login, record login changed']);
  });

  it('the schema words for a bad outline are the contract messages', () => {
    // Guards the assumption the console's 400 relies on: the contract owns these words.
    const result = cameraSchema.safeParse({ ...camera('cam-01'), zones: [{ id: 'z', polygon: [[0, 0], [1.5, 0]], rules: [{ type: 'littering' }] }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(expect.arrayContaining([ZONE_MESSAGES.outsideFrame, ZONE_MESSAGES.tooFewPoints]));
  });

  it('the summary lines read back as the items they were made from, so the web UI can word them in its language', () => {
    const a = camera('cam-01');
    const lines = diffSites(
      site({ camera: a, credentials: { detect: 'v1:old' } }),
      site(
        { camera: { ...a, name: 'Cổng chợ', detect: { ...a.detect, fps: 8 }, zones: [{ ...a.zones[0]!, polygon: [[0.1, 0.5], [0.7, 0.5], [0.7, 0.95]] as [number, number][], rules: [] }] }, credentials: { detect: 'v1:new' } },
        { camera: camera('cam-02'), credentials: {} },
      ),
    );
    const items = summarizeChangeItems(lines);
    expect(items).toEqual([
      { kind: 'zone', camera: 'cam-01', zone: 'walk', change: 'removed' },
      { kind: 'camera', camera: 'cam-02', change: 'added' },
      { kind: 'cameraFields', camera: 'cam-01', fields: ['name', 'detect.fps', 'credentials.detect'] },
      { kind: 'zoneFields', camera: 'cam-01', zone: 'gate', fields: ['polygon', 'rules'] },
    ]);
    expect(summarizeChanges(lines)).toEqual(['cam-01: zone walk removed', 'camera cam-02 added', 'cam-01: name, detect.fps, detect login changed', 'cam-01: zone gate changed (polygon, rules)']);
    const every: ChangeItem[] = [...items, { kind: 'camera', camera: 'cam-9', change: 'removed' }, { kind: 'zone', camera: 'c', zone: 'z', change: 'changed' }, { kind: 'none' }, { kind: 'cameraFields', camera: 'c', fields: ['credentials.record'] }];
    for (const item of every) expect(parseChangeLine(changeLine(item))).toEqual(item);
    // A line in no known form is kept as it is.
    expect(parseChangeLine('edited by hand')).toEqual({ kind: 'text', text: 'edited by hand' });
  });
});
