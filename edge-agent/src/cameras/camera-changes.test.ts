import { describe, expect, it } from 'vitest';
import { cameraSchema, type CameraConfig } from '../config/agent-config.schema.js';
import { changeSummary, diffCameras } from './camera-changes.js';

function camera(id: string, extra: Record<string, unknown> = {}): CameraConfig {
  return cameraSchema.parse({ id, name: `Camera ${id}`, detect: { url: `rtsp://10.0.0.1/${id}`, fps: 5 }, ...extra });
}

const zone = (x: number) => ({ id: 'gate', polygon: [[x, 0.1], [0.9, 0.1], [0.9, 0.9]], rules: [{ type: 'illegal_parking' }] });

describe('diffCameras', () => {
  const cases: { name: string; before: CameraConfig[]; after: CameraConfig[]; expected: Record<string, string[]> }[] = [
    { name: 'same list', before: [camera('a'), camera('b')], after: [camera('a'), camera('b')], expected: { added: [], changed: [], updated: [], removed: [], unchanged: ['a', 'b'] } },
    { name: 'order only', before: [camera('a'), camera('b')], after: [camera('b'), camera('a')], expected: { added: [], changed: [], updated: [], removed: [], unchanged: ['b', 'a'] } },
    {
      name: 'a zone moved on one camera: updated live, not restarted',
      before: [camera('a', { zones: [zone(0.1)] }), camera('b')],
      after: [camera('a', { zones: [zone(0.2)] }), camera('b')],
      expected: { added: [], changed: [], updated: ['a'], removed: [], unchanged: ['b'] },
    },
    {
      name: 'a zone added, a name and the motion threshold changed: updated live',
      before: [camera('a'), camera('b')],
      after: [camera('a', { zones: [zone(0.1)] }), camera('b', { name: 'Cổng sau', motion: { threshold: 0.01 } })],
      expected: { added: [], changed: [], updated: ['a', 'b'], removed: [], unchanged: [] },
    },
    {
      name: 'zones and the fps changed: restarted',
      before: [camera('a', { zones: [zone(0.1)] })],
      after: [camera('a', { zones: [zone(0.2)], detect: { url: 'rtsp://10.0.0.1/a', fps: 2 } })],
      expected: { added: [], changed: ['a'], updated: [], removed: [], unchanged: [] },
    },
    {
      name: 'with crop: zones, a zone edit changes what ffmpeg crops: restarted',
      before: [camera('a', { crop: 'zones', zones: [zone(0.1)] })],
      after: [camera('a', { crop: 'zones', zones: [zone(0.2)] })],
      expected: { added: [], changed: ['a'], updated: [], removed: [], unchanged: [] },
    },
    {
      name: 'with crop: zones, a new name only: updated live',
      before: [camera('a', { crop: 'zones', zones: [zone(0.1)] })],
      after: [camera('a', { crop: 'zones', name: 'Renamed', zones: [zone(0.1)] })],
      expected: { added: [], changed: [], updated: ['a'], removed: [], unchanged: [] },
    },
    {
      name: 'a default written out is no change',
      before: [camera('a')],
      after: [camera('a', { crop: 'none', motion: { enabled: true } })],
      expected: { added: [], changed: [], updated: [], removed: [], unchanged: ['a'] },
    },
    { name: 'added and removed', before: [camera('a'), camera('b')], after: [camera('b'), camera('c')], expected: { added: ['c'], changed: [], updated: [], removed: ['a'], unchanged: ['b'] } },
    { name: 'a new stream URL', before: [camera('a')], after: [cameraSchema.parse({ ...camera('a'), detect: { url: 'rtsp://10.0.0.2/a', fps: 5 } })], expected: { added: [], changed: ['a'], updated: [], removed: [], unchanged: [] } },
    { name: 'a new record stream', before: [camera('a')], after: [camera('a', { record: { url: 'rtsp://10.0.0.1/main' } })], expected: { added: [], changed: ['a'], updated: [], removed: [], unchanged: [] } },
  ];
  for (const { name, before, after, expected } of cases) {
    it(name, () => {
      expect(changeSummary(diffCameras(before, after))).toEqual(expected);
    });
  }
});
