import { describe, expect, it } from 'vitest';
import { agentHeartbeatV1 } from './agent-heartbeat.js';
import { parseWith } from './issues.js';
import { contractJsonSchemas } from './json-schema.js';
import { generateUuidV7 } from './uuid-v7.js';
import { violationJobV1, type ViolationJob } from './violation-job.js';

const sha = 'a'.repeat(64);

const violationId = generateUuidV7(Date.parse('2026-11-28T07:00:00Z'));

function validJob(): ViolationJob {
  return {
    version: 1,
    violationId,
    agentId: 'agent-dvh-01',
    agentVersion: '0.1.0',
    cameraId: 'cam-01',
    cameraName: 'Trần Thái Tông – cổng UBND',
    ward: 'dich-vong-hau',
    ruleType: 'illegal_parking',
    zoneId: 'no-parking-gate',
    classes: ['car'],
    scores: [0.86],
    trackIds: [7],
    startedAt: '2026-11-28T14:00:00+07:00',
    triggeredAt: '2026-11-28T14:01:00+07:00',
    bbox: { x1: 0.1, y1: 0.5, x2: 0.3, y2: 0.9 },
    boxes: [{ x1: 0.1, y1: 0.5, x2: 0.3, y2: 0.9 }],
    media: {
      clip: { uri: 'media/x/clip', sha256: sha, bytes: 120_000, mime: 'video/mp4', durationSeconds: 12.5 },
      snapshot: { uri: 'media/x/snapshot', sha256: sha, bytes: 40_000, mime: 'image/jpeg' },
    },
    model: { name: 'yolox_nano', sha256: sha },
  };
}

describe('ViolationJob v1', () => {
  it('accepts a complete job', () => {
    expect(parseWith(violationJobV1, validJob())).toEqual({ ok: true, value: validJob() });
  });

  it('accepts an endedAt after the start', () => {
    expect(parseWith(violationJobV1, { ...validJob(), endedAt: '2026-11-28T07:10:00Z' }).ok).toBe(true);
  });

  // Each row breaks one field; the error must name exactly that field.
  const invalid: [string, (job: Record<string, unknown>) => void, string][] = [
    ['wrong version', (j) => (j.version = 2), 'version'],
    ['a UUIDv4 id', (j) => (j.violationId = '0b5f3c1e-2a4d-4c1e-9b7a-1234567890ab'), 'violationId'],
    ['an uppercase agent id', (j) => (j.agentId = 'Agent-1'), 'agentId'],
    ['an empty camera name', (j) => (j.cameraName = ''), 'cameraName'],
    ['an unknown rule', (j) => (j.ruleType = 'jaywalking'), 'ruleType'],
    ['no classes', (j) => (j.classes = []), 'classes'],
    ['a score above 1', (j) => (j.scores = [1.2]), 'scores[0]'],
    ['a negative track id', (j) => (j.trackIds = [-1]), 'trackIds[0]'],
    ['a time without offset', (j) => (j.startedAt = '2026-11-28T14:00:00'), 'startedAt'],
    ['a trigger before the start', (j) => (j.triggeredAt = '2026-11-28T13:00:00+07:00'), 'triggeredAt'],
    ['an inverted box', (j) => (j.bbox = { x1: 0.5, y1: 0.5, x2: 0.3, y2: 0.9 }), 'bbox.x2'],
    ['a box outside the frame', (j) => (j.boxes = [{ x1: 0.1, y1: 0.5, x2: 1.3, y2: 0.9 }]), 'boxes[0].x2'],
    ['a short clip hash', (j) => ((j.media as ViolationJob['media']).clip.sha256 = 'abc'), 'media.clip.sha256'],
    ['a snapshot that is a video', (j) => ((j.media as ViolationJob['media']).snapshot.mime = 'video/mp4'), 'media.snapshot.mime'],
    ['zero bytes', (j) => ((j.media as ViolationJob['media']).clip.bytes = 0), 'media.clip.bytes'],
    ['a missing model', (j) => delete j.model, 'model'],
    ['an unknown key', (j) => (j.plate = '29A-12345'), 'plate'],
  ];

  it.each(invalid)('rejects %s, naming the field', (_name, breakIt, field) => {
    const job = structuredClone(validJob()) as unknown as Record<string, unknown>;
    breakIt(job);
    const result = parseWith(violationJobV1, job);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}: `));
    }
  });

  it('lists every broken field at once', () => {
    const job = { ...validJob(), agentId: '', ruleType: 'x', classes: [] };
    const result = parseWith(violationJobV1, job);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.split(':')[0])).toEqual(['agentId', 'ruleType', 'classes']);
  });
});

describe('AgentHeartbeat v1', () => {
  const heartbeat = {
    version: 1,
    agentId: 'agent-dvh-01',
    ward: 'dich-vong-hau',
    agentVersion: '0.1.0',
    sentAt: '2026-11-28T07:00:00Z',
    uptimeSeconds: 3600,
    outboxPending: 0,
    cameras: [{ id: 'cam-01', name: 'Cổng UBND', state: 'down', fps: 0, lastError: 'connection refused', restarts: 4 }],
  };

  it('accepts camera health', () => {
    expect(parseWith(agentHeartbeatV1, heartbeat).ok).toBe(true);
  });

  it('rejects an unknown camera state, naming it', () => {
    const result = parseWith(agentHeartbeatV1, { ...heartbeat, cameras: [{ ...heartbeat.cameras[0], state: 'sleeping' }] });
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^cameras\[0\]\.state: /)]);
  });
});

describe('generateUuidV7', () => {
  it('makes ids that sort by time and pass the schema', () => {
    const ids = [1_000, 2_000, 3_000].map((ms) => generateUuidV7(Date.parse('2026-01-01T00:00:00Z') + ms));
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(violationJobV1.shape.violationId.safeParse(id).success).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => generateUuidV7(0))).size).toBe(1000);
  });
});

describe('JSON Schema export', () => {
  it('describes both messages with their required fields', () => {
    const schemas = contractJsonSchemas() as Record<string, { required?: string[] }>;
    expect(schemas.ViolationJobV1?.required).toEqual(expect.arrayContaining(['violationId', 'ruleType', 'media', 'bbox']));
    expect(schemas.AgentHeartbeatV1?.required).toEqual(expect.arrayContaining(['agentId', 'cameras']));
  });
});
