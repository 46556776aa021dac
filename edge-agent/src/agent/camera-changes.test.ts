import { describe, expect, it } from 'vitest';
import { cameraSchema, type CameraConfig } from '../config/agent-config.schema.js';
import { diffCameras } from './camera-changes.js';

function camera(id: string, extra: Record<string, unknown> = {}): CameraConfig {
  return cameraSchema.parse({ id, name: `Camera ${id}`, detect: { url: `rtsp://10.0.0.1/${id}`, fps: 5 }, ...extra });
}

const zone = (x: number) => ({ id: 'gate', polygon: [[x, 0.1], [0.9, 0.1], [0.9, 0.9]], rules: [{ type: 'illegal_parking' }] });

describe('diffCameras', () => {
  const cases: { name: string; before: CameraConfig[]; after: CameraConfig[]; expected: Record<string, string[]> }[] = [
    { name: 'same list', before: [camera('a'), camera('b')], after: [camera('a'), camera('b')], expected: { added: [], changed: [], removed: [], unchanged: ['a', 'b'] } },
    { name: 'order only', before: [camera('a'), camera('b')], after: [camera('b'), camera('a')], expected: { added: [], changed: [], removed: [], unchanged: ['b', 'a'] } },
    {
      name: 'a zone moved on one camera',
      before: [camera('a', { zones: [zone(0.1)] }), camera('b')],
      after: [camera('a', { zones: [zone(0.2)] }), camera('b')],
      expected: { added: [], changed: ['a'], removed: [], unchanged: ['b'] },
    },
    {
      name: 'a default written out is no change',
      before: [camera('a')],
      after: [camera('a', { crop: 'none', motion: { enabled: true } })],
      expected: { added: [], changed: [], removed: [], unchanged: ['a'] },
    },
    { name: 'added and removed', before: [camera('a'), camera('b')], after: [camera('b'), camera('c')], expected: { added: ['c'], changed: [], removed: ['a'], unchanged: ['b'] } },
    { name: 'a new stream URL', before: [camera('a')], after: [cameraSchema.parse({ ...camera('a'), detect: { url: 'rtsp://10.0.0.2/a', fps: 5 } })], expected: { added: [], changed: ['a'], removed: [], unchanged: [] } },
  ];
  for (const { name, before, after, expected } of cases) {
    it(name, () => {
      const changes = diffCameras(before, after);
      expect({
        added: changes.added.map((c) => c.id),
        changed: changes.changed.map((c) => c.id),
        removed: changes.removed,
        unchanged: changes.unchanged,
      }).toEqual(expected);
    });
  }
});
