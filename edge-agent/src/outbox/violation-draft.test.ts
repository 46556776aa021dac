import { generateUuidV7 } from '@wardwatch/contracts';
import { describe, expect, it } from 'vitest';
import type { ViolationEvent } from '../rules/violation-event.js';
import { buildDraft, checkDraft, InvalidViolationError } from './violation-draft.js';

const identity = { agentId: 'agent-1', agentVersion: '0.1.0', ward: 'hang-bong', model: { name: 'yolox_nano', sha256: 'b'.repeat(64) }, timeZone: 'Asia/Ho_Chi_Minh' };

function event(overrides: Partial<ViolationEvent> = {}): ViolationEvent {
  return {
    phase: 'triggered', key: 'cam-1/zone-a/littering/1', rule: 'littering', cameraId: 'cam-1', zoneId: 'zone-a',
    classes: [], trackIds: [], scores: [1.2], startedAtMs: Date.parse('2025-03-09T07:00:00Z'), triggeredAtMs: Date.parse('2025-03-09T07:00:30Z'),
    bbox: { x1: -0.01, y1: 0.2, x2: 0.1, y2: 1.02 }, boxes: [], ...overrides,
  };
}

describe('buildDraft', () => {
  it('turns an event into a contract-valid draft: local times with offset, boxes clamped to the frame, a class for a class-less object', () => {
    const draft = buildDraft(event(), { camera: 'Cam 1' }, identity, generateUuidV7());
    expect(() => checkDraft(draft)).not.toThrow();
    expect(draft).toMatchObject({ startedAt: '2025-03-09T14:00:00.000+07:00', triggeredAt: '2025-03-09T14:00:30.000+07:00', classes: ['object'], scores: [1], bbox: { x1: 0, y1: 0.2, x2: 0.1, y2: 1 } });
    expect(draft.boxes).toEqual([draft.bbox]);
  });

  it('carries the zone name people read, and none for a zone that has only an id', () => {
    expect(buildDraft(event(), { camera: 'Cam 1', zone: ' Cổng chợ ' }, identity, generateUuidV7()).zoneName).toBe('Cổng chợ');
    expect(buildDraft(event(), { camera: 'Cam 1', zone: '  ' }, identity, generateUuidV7())).not.toHaveProperty('zoneName');
    expect(buildDraft(event(), { camera: 'Cam 1' }, identity, generateUuidV7())).not.toHaveProperty('zoneName');
  });

  it('keeps a box squeezed to a line by the frame edge valid', () => {
    const draft = buildDraft(event({ bbox: { x1: 1.01, y1: 0.5, x2: 1.2, y2: 0.6 } }), { camera: 'Cam 1' }, identity, generateUuidV7());
    expect(draft.bbox.x2).toBeGreaterThan(draft.bbox.x1);
    expect(() => checkDraft(draft)).not.toThrow();
  });

  it('refuses what the contract would refuse, before any evidence is cut', () => {
    const draft = buildDraft(event({ cameraId: 'Bad Camera Id' }), { camera: 'Cam 1' }, identity, generateUuidV7());
    expect(() => checkDraft(draft)).toThrow(InvalidViolationError);
  });
});
