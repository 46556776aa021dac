import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mediaUri } from '@wardwatch/contracts';
import { signViolationJob } from '@wardwatch/contracts/agent-signature';
import { freePort, startS3Server, type TestS3Server } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mediaCommand } from '../src/cli/commands/media.js';
import { LocalMediaStore } from '../src/media/local-media-store.js';
import { migrateMedia } from '../src/media/media-migration.js';
import { viewingCopyKey } from '../src/media/media-store.js';
import { describeS3Error, S3MediaStore } from '../src/media/s3-media-store.js';
import { readLimited } from '../src/media/read-limited.js';
import { MediaInventoryRepository } from '../src/repositories/media-inventory.repository.js';
import { startHarness, type Harness } from './support/app-harness.js';
import { realHevcClip, violationJob } from './support/evidence.js';
import { databaseTargets, type DatabaseTarget, type TestDatabase } from './support/test-databases.js';
import { s3Location, s3MediaEnv, s3MediaStore } from './support/test-s3.js';

/*
 * `review-console media migrate --to s3://...` on a console with real evidence (uploaded over
 * HTTP, one H.264 viewing copy made by ffmpeg) in its data folder, into a real (emulated) S3
 * server, then a console started on that bucket serving what was moved.
 */
const PREFIX = 'hoan-kiem/';
const targets = await databaseTargets();

/** DATABASE_URL for the test's database: unset for SQLite (the file in the data folder), its schema for PostgreSQL. */
function databaseUrlOf(db: TestDatabase): string | undefined {
  if (!db.databaseUrl || !db.schema) return undefined;
  const url = new URL(db.databaseUrl);
  url.searchParams.set('options', `-c search_path=${db.schema}`);
  return url.toString();
}

/** What the command printed, and its exit code. */
interface CliRun {
  code: number;
  out: string;
  err: string;
}

describe.each(targets)('moving a console\'s evidence files from its data folder into an S3 bucket, on $name', (target) => {
  let server: TestS3Server;
  let bucket: S3MediaStore;
  let inspector: S3Client;
  let h: Harness;
  let onS3: Harness | undefined;
  const ids = { a: '', b: '', viewed: '', purged: '', corrupt: '', missing: '' };
  const savedEnv: NodeJS.ProcessEnv = {};

  const localFile = (key: string) => readFileSync(join(h.db.dataDir, key));
  /** Every object under the prefix, as the bucket lists it. */
  const objects = async () => {
    const listing = await inspector.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: PREFIX }));
    return (listing.Contents ?? []).map((object) => object.Key!.slice(PREFIX.length)).sort();
  };
  const cli = async (...args: string[]): Promise<CliRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      const code = await mediaCommand.run(['migrate', '--to', server.url(PREFIX.replace(/\/$/, '')), ...args]);
      return { code, out: out.join(''), err: err.join('') };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  };
  /** The keys a finished move must have put in the bucket: everything on disk but the purged and corrupt files. */
  const movedKeys = () =>
    [
      ...[ids.a, ids.b, ids.viewed].flatMap((id) => [mediaUri(id, 'clip'), mediaUri(id, 'snapshot')]),
      viewingCopyKey(ids.viewed),
      mediaUri(ids.corrupt, 'clip'),
      mediaUri(ids.missing, 'snapshot'),
    ].sort();

  beforeAll(async () => {
    server = await startS3Server({ bucket: 'wardwatch-evidence' });
    bucket = s3MediaStore(server, PREFIX);
    const location = s3Location(server);
    inspector = new S3Client({ endpoint: location.endpoint, region: location.region, forcePathStyle: true, credentials: location.credentials });
    h = await startHarness(target);
    for (const name of ['a', 'b', 'purged', 'corrupt', 'missing'] as const) ids[name] = (await h.addCase('hoan-kiem')).violationId;

    // An H.265 clip, and the H.264 copy the console makes for browsers.
    const hevc = realHevcClip();
    const token = await h.agentToken('hoan-kiem');
    const job = signViolationJob(violationJob({ agentId: 'agent-hoan-kiem', ward: 'hoan-kiem', clip: hevc, snapshot: h.snapshot }), token);
    expect((await h.upload(token, job.violationId, 'clip', hevc.bytes, { 'x-content-sha256': hevc.sha256 })).status).toBe(201);
    expect((await h.upload(token, job.violationId, 'snapshot', h.snapshot.bytes)).status).toBe(201);
    await h.services.ingest.ingestViolation(job);
    expect(await h.services.media.makeViewingCopy(job.violationId)).toBe('made');
    ids.viewed = job.violationId;

    // Retention purged one case and had deleted its clip, not yet its snapshot, when it stopped.
    await h.db.db.updateTable('violations').set({ purged_at: new Date().toISOString() }).where('id', '=', ids.purged).execute();
    await new LocalMediaStore(h.db.dataDir).delete(mediaUri(ids.purged, 'clip'));
    // A bit flipped on disk: the same size, another sha256.
    const snapshotPath = join(h.db.dataDir, mediaUri(ids.corrupt, 'snapshot'));
    const flipped = readFileSync(snapshotPath);
    flipped[100]! ^= 1;
    writeFileSync(snapshotPath, flipped);
    // A file lost from disk, its case still kept.
    await new LocalMediaStore(h.db.dataDir).delete(mediaUri(ids.missing, 'clip'));

    // The environment of an operator running the command: the console's data folder and the target's S3 settings.
    const env = { ...s3MediaEnv(server, PREFIX), WARDWATCH_DATA_DIR: h.db.dataDir, WARDWATCH_MEDIA_URL: undefined, DATABASE_URL: databaseUrlOf(h.db), WARDWATCH_CONSOLE_CONFIG: undefined };
    for (const [key, value] of Object.entries(env)) {
      savedEnv[key] = process.env[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }, 120_000);

  afterAll(async () => {
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await onS3?.close();
    await h?.close();
    bucket?.close();
    inspector?.destroy();
    await server?.stop();
  });

  it('a run stopped after two copies leaves exactly those two in the bucket and says it was interrupted', async () => {
    const stop = new AbortController();
    let copied = 0;
    const report = await migrateMedia({
      list: (after, limit) => new MediaInventoryRepository(h.db.db).page(after, limit),
      source: new LocalMediaStore(h.db.dataDir),
      target: bucket,
      parallel: 1,
      // Small pages, so the walk crosses page boundaries.
      pageSize: 3,
      signal: stop.signal,
      onFile: (_file, outcome) => {
        if (outcome === 'copied' && ++copied === 2) stop.abort();
      },
    });
    expect(report).toMatchObject({ interrupted: true, copied: 2, verified: 0 });
    const inBucket = await objects();
    expect(inBucket).toHaveLength(2);
    for (const key of inBucket) expect(movedKeys()).toContain(key);
  });

  it('the command continues it: copies the rest, skips what is there, names the corrupt and missing files, verifies the bucket', async () => {
    const run = await cli();
    expect(run.code, run.err).toBe(1);
    expect(run.out).toMatch(/^\s+copied\s+7\b/m);
    expect(run.out).toMatch(/^\s+already there\s+2\b/m);
    expect(run.out).toMatch(/^\s+purged\s+2\b/m);
    expect(run.out).toMatch(/^\s+missing\s+1\b/m);
    expect(run.out).toMatch(/^\s+corrupt\s+1\b/m);
    expect(run.out).toMatch(/^\s+verified\s+9\b.*by size$/m);
    expect(run.err).toContain(`corrupt    ${ids.corrupt} snapshot: the file's sha256 is`);
    expect(run.err).toContain(`missing    ${ids.missing} clip:`);
    // The last line accounts for both, in the singular, and says what they mean and how to fix them.
    const last = run.err.trimEnd().split('\n').at(-1)!;
    expect(last).toContain('1 file the database lists is missing from disk, and 1 file is corrupt');
    expect(last).toContain(`their cases will show "no file" once the console reads from the bucket: restore those files from a backup into ${join(h.db.dataDir, 'media')} and run this again.`);
    expect(last).not.toMatch(/\b1 files\b/);
    expect(run.out + run.err).not.toContain(server.secretAccessKey);

    // Every file on disk but the purged case's and the corrupt one, byte for byte, and no staging object left.
    expect(await objects()).toEqual(movedKeys());
    for (const key of movedKeys()) expect((await readLimited(bucket.read(key), Infinity)).equals(localFile(key)), key).toBe(true);
    // Nothing was deleted locally.
    expect(localFile(mediaUri(ids.purged, 'snapshot')).length).toBeGreaterThan(0);
    expect(localFile(mediaUri(ids.a, 'clip')).equals(h.clip.bytes)).toBe(true);
  });

  it('run again, it copies nothing: every file is already there', async () => {
    const run = await cli();
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/^\s+copied\s+0\b/m);
    expect(run.out).toMatch(/^\s+already there\s+9\b/m);
    expect(run.out).toMatch(/^\s+verified\s+9\b/m);
  });

  it('an object deleted from the bucket or of the wrong size is copied again; with the corrupt file repaired the move verifies by hash and exits 0', async () => {
    await bucket.delete(mediaUri(ids.a, 'clip'));
    await inspector.send(new PutObjectCommand({ Bucket: server.bucket, Key: `${PREFIX}${mediaUri(ids.b, 'snapshot')}`, Body: Buffer.from('truncated') }));
    writeFileSync(join(h.db.dataDir, mediaUri(ids.corrupt, 'snapshot')), h.snapshot.bytes);

    const run = await cli('--verify-hashes');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^\s+copied\s+3\b/m);
    expect(run.out).toMatch(/^\s+already there\s+7\b/m);
    expect(run.out).toMatch(/^\s+corrupt\s+0\b/m);
    expect(run.out).toMatch(/^\s+verified\s+10\b.*by size and sha256$/m);
    expect(run.out).toContain('Every evidence file on disk is in the bucket. But 1 file the database lists is missing from disk; its case will show "no file" once the console reads from the bucket: restore that file from a backup');
    // The missing file is still named, but does not fail the move: it was lost before it.
    expect(run.err).toContain(`missing    ${ids.missing} clip:`);
    const moved = [...movedKeys(), mediaUri(ids.corrupt, 'snapshot')].sort();
    expect(await objects()).toEqual(moved);
    for (const key of moved) expect((await readLimited(bucket.read(key), Infinity)).equals(localFile(key)), key).toBe(true);
  });

  it('a console started on the bucket plays the moved clips by byte range, the viewing copy included', async () => {
    // The same database; only where the evidence lives has changed.
    const same: DatabaseTarget = { name: target.name, open: () => Promise.resolve({ ...h.db, close: () => Promise.resolve() }) };
    onS3 = await startHarness(same, { media: bucket });
    const officer = await onS3.login('canbo.hoankiem');
    for (const [id, key] of [[ids.a, mediaUri(ids.a, 'clip')], [ids.viewed, viewingCopyKey(ids.viewed)]] as const) {
      const local = localFile(key);
      const res = await officer.request('GET', `/api/violations/${id}/clip`, { headers: { range: 'bytes=100-1123' } });
      expect(res.status, key).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes 100-1123/${local.length}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(local.subarray(100, 1124)), key).toBe(true);
    }
    expect((await officer.request('GET', `/api/violations/${ids.purged}/clip`)).status).toBe(410);
  });

  it('refuses with 2 a target that is not an s3:// URL, a bucket that is missing, refuses the key or cannot be reached, or S3 settings that do not go together, never quoting a secret', async () => {
    const secret = process.env.S3_SECRET_ACCESS_KEY;
    const closed = `http://127.0.0.1:${await freePort()}`;
    const err: string[] = [];
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
    try {
      expect(await mediaCommand.run(['migrate', '--to', 'https://wardwatch-evidence.s3.amazonaws.com'])).toBe(2);
      expect(await mediaCommand.run(['migrate', '--to', 's3://no-such-bucket/hoan-kiem'])).toBe(2);
      // s3rver checks the key id, never the signature: a wrong secret would pass, a wrong key id does not.
      process.env.S3_ACCESS_KEY_ID = 'NOT-THE-KEY-ID';
      expect(await mediaCommand.run(['migrate', '--to', server.url(PREFIX)])).toBe(2);
      process.env.S3_ACCESS_KEY_ID = server.accessKeyId;
      process.env.S3_ENDPOINT = closed;
      expect(await mediaCommand.run(['migrate', '--to', server.url(PREFIX)])).toBe(2);
      process.env.S3_ENDPOINT = server.endpoint;
      delete process.env.S3_ACCESS_KEY_ID;
      expect(await mediaCommand.run(['migrate', '--to', server.url(PREFIX)])).toBe(2);
      expect(await mediaCommand.run(['migrate'])).toBe(2);
      expect(await mediaCommand.run(['move', '--to', server.url()])).toBe(2);
    } finally {
      e.mockRestore();
      process.env.S3_ACCESS_KEY_ID = server.accessKeyId;
      process.env.S3_ENDPOINT = server.endpoint;
    }
    expect(err[0]).toMatch(/--to: must be s3:\/\/<bucket>/);
    expect(err[1]).toMatch(/the bucket s3:\/\/no-such-bucket\/hoan-kiem\/ \(http:\/\/127\.0\.0\.1:\d+\) cannot be reached with these settings: no such bucket no-such-bucket \(404\)\n$/);
    expect(err[2]).toMatch(/cannot be reached with these settings: access denied \(403\): check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY and the bucket's policy\n$/);
    expect(err[3]).toContain(`cannot be reached with these settings: cannot connect to ${closed}: ECONNREFUSED\n`);
    expect(err[4]).toMatch(/S3_ACCESS_KEY_ID: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
    expect(err.join('')).not.toContain(secret);
    expect(err.join('')).not.toContain('NOT-THE-KEY-ID');
  });

  it('a file the bucket refuses is named as failed in plain words', async () => {
    const refusing = new S3MediaStore({ ...s3Location(server, PREFIX), credentials: { accessKeyId: 'NOT-THE-KEY-ID', secretAccessKey: 'not-the-secret' } });
    try {
      const report = await migrateMedia({
        // One file: a page shorter than the page size ends the listing.
        list: (after, limit) => new MediaInventoryRepository(h.db.db).page(after, Math.min(limit, 1)),
        source: new LocalMediaStore(h.db.dataDir),
        target: refusing,
        describeError: (error) => describeS3Error(error, refusing.describe()),
      });
      expect(report).toMatchObject({ failed: 1, copied: 0, verifyFailed: 0 });
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatchObject({ problem: 'failed', detail: "access denied (403): check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY and the bucket's policy" });
    } finally {
      refusing.close();
    }
  });

  it('its help names every exit status', () => {
    expect(mediaCommand.help).toMatch(/^Exit status:\n {2}0 {2}every file on disk is in the bucket and verified[\s\S]*\n {2}1 {2}the move is not complete[\s\S]*\n {2}2 {2}nothing was copied/m);
  });
});
