import { createHash } from 'node:crypto';
import { generateUuidV7, mediaUploadPath } from '@wardwatch/contracts';
import { signViolationJob } from '@wardwatch/contracts/agent-signature';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRejected, MediaNotYetUploaded } from '../src/domain/errors.js';
import { startHarness, type Harness } from './support/app-harness.js';
import { violationJob } from './support/evidence.js';
import { databaseTargets } from './support/test-databases.js';

/*
 * Issue 19: malformed input, generated. A job that is not exactly right (any JSON at all, or a
 * valid job with one field replaced by anything) is rejected with a reason or waits for its
 * evidence, and is never stored; the upload route answers every request it is sent with a 2xx or a
 * 4xx in words, never a 500. Seeded, so a failure repeats.
 */
const [target] = await databaseTargets();
const SEED = 19;

describe('malformed jobs and uploads, generated', () => {
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    h = await startHarness(target!);
    token = await h.agentToken('hoan-kiem');
  });
  afterAll(async () => h?.close());

  const stored = async (id: unknown) => typeof id === 'string' && (await h.db.db.selectFrom('violations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

  it('any JSON value as a job is rejected with a reason (or waits for evidence), never stored, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (payload) => {
        const error = await h.services.ingest.ingestViolation(payload).then(() => undefined, (e: unknown) => e);
        expect(error instanceof JobRejected || error instanceof MediaNotYetUploaded).toBe(true);
        expect(await stored((payload as { violationId?: unknown } | null)?.violationId)).toBe(false);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('a signed, uploaded job with one field replaced by anything afterwards is rejected with a reason and never stored', async () => {
    const fields = ['violationId', 'agentId', 'cameraId', 'cameraName', 'ward', 'ruleType', 'zoneId', 'classes', 'scores', 'trackIds', 'startedAt', 'triggeredAt', 'bbox', 'boxes', 'media', 'model', 'signature'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.jsonValue(), async (field, value) => {
        const job = violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: h.clip, snapshot: h.snapshot });
        for (const kind of ['clip', 'snapshot'] as const) await h.upload(token, job.violationId, kind, kind === 'clip' ? h.clip.bytes : h.snapshot.bytes);
        // Replaced after signing: what someone with Redis access would do to a queued job.
        const altered = { ...signViolationJob(job, token), [field]: value };
        const error = await h.services.ingest.ingestViolation(altered).then(() => undefined, (e: unknown) => e);
        expect(error instanceof JobRejected || error instanceof MediaNotYetUploaded, String(error)).toBe(true);
        expect(await stored(job.violationId)).toBe(false);
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('the upload route answers any id, kind, headers and body with a 2xx or a 4xx in words, never a 500', async () => {
    const header = fc.option(fc.string({ maxLength: 80 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(generateUuidV7()), fc.string({ maxLength: 60 }), fc.constant('%ff'), fc.constant('..%2F..%2Fetc')),
        fc.oneof(fc.constantFrom('clip', 'snapshot'), fc.string({ maxLength: 12 })),
        fc.uint8Array({ maxLength: 2_048 }),
        header,
        header,
        fc.boolean(),
        async (id, kind, body, contentType, sha, rightSha) => {
          const headers: Record<string, string> = { authorization: `Bearer ${token}` };
          if (contentType !== undefined) headers['content-type'] = contentType.replace(/[^\x20-\x7e]/g, '');
          const bytes = Buffer.from(body);
          headers['x-content-sha256'] = rightSha ? createHash('sha256').update(bytes).digest('hex') : (sha ?? '').replace(/[^\x20-\x7e]/g, '');
          let path: string;
          try {
            path = mediaUploadPath(id, kind as 'clip');
          } catch {
            path = `/api/agent/violations/${id}/media/${kind}`;
          }
          const res = await fetch(`${h.url}${path.replace(/[^\x21-\x7e]/g, '')}`, { method: 'PUT', headers, body: bytes });
          const text = await res.text();
          expect(res.status, text).toBeLessThan(500);
          if (res.status >= 400) expect((JSON.parse(text) as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
});
