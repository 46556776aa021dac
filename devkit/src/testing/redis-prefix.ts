import { randomBytes } from 'node:crypto';

/** A Redis key (BullMQ) prefix no other test uses, so tests share one Redis without seeing each other's jobs. */
export function randomPrefix(): string {
  return `ww-test-${randomBytes(6).toString('hex')}`;
}
