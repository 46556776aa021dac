import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateUuidV7 } from '@wardwatch/contracts';
import type { DiskOutbox, OutboxItem } from '../../src/outbox/disk-outbox.js';
import { buildDraft, checkDraft, type AgentIdentity } from '../../src/outbox/violation-draft.js';
import type { ViolationEvent } from '../../src/rules/violation-event.js';

export const IDENTITY: AgentIdentity = {
  agentId: 'agent-test',
  agentVersion: '0.1.0',
  ward: 'hang-bong',
  model: { name: 'yolox_nano', sha256: 'a'.repeat(64) },
  timeZone: 'Asia/Ho_Chi_Minh',
};

export function parkingEvent(atMs: number, cameraId = 'cam-1'): ViolationEvent {
  return {
    phase: 'triggered',
    key: `${cameraId}/zone-a/illegal_parking/1`,
    rule: 'illegal_parking',
    cameraId,
    zoneId: 'zone-a',
    classes: ['car'],
    trackIds: [7],
    scores: [0.83],
    startedAtMs: atMs - 60_000,
    triggeredAtMs: atMs,
    bbox: { x1: 0.3, y1: 0.4, x2: 0.5, y2: 0.7 },
    boxes: [{ x1: 0.3, y1: 0.4, x2: 0.5, y2: 0.7 }],
  };
}

/**
 * Puts a violation in the outbox the way the intake does, with stand-in evidence bytes of the
 * given sizes (publishing and the quota care about bytes and digests, not about pictures).
 */
export async function seedItem(outbox: DiskOutbox, createdAtMs: number, sizes: { clip: number; snapshot: number } = { clip: 4_000, snapshot: 1_000 }): Promise<OutboxItem> {
  const violationId = generateUuidV7(createdAtMs);
  const draft = buildDraft(parkingEvent(createdAtMs), { camera: 'Hàng Bông 12' }, IDENTITY, violationId);
  checkDraft(draft);
  const dir = await outbox.stage();
  const clip = randomBytes(sizes.clip);
  const snapshot = randomBytes(sizes.snapshot);
  await writeFile(join(dir, 'clip.mp4'), clip);
  await writeFile(join(dir, 'snapshot.jpg'), snapshot);
  const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');
  const item = await outbox.commit(dir, {
    version: 1,
    violationId,
    createdAtMs,
    draft,
    media: {
      clip: { file: 'clip.mp4', sha256: digest(clip), bytes: clip.length, mime: 'video/mp4', durationSeconds: 12 },
      snapshot: { file: 'snapshot.jpg', sha256: digest(snapshot), bytes: snapshot.length, mime: 'image/jpeg' },
    },
  });
  if (!item) throw new Error('the seed item did not fit the outbox');
  return item;
}
