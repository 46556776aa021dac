import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateUuidV7, mediaUploadPath, mediaUri, type ViolationJob } from '@wardwatch/contracts';
import { signViolationJob } from '@wardwatch/contracts/agent-signature';
import { pino } from 'pino';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { createApp } from '../src/http/app.js';
import { LocalMediaStore } from '../src/media/local-media-store.js';
import { createRegistry } from '../src/metrics/console-metrics.js';
import { seedDemo } from '../src/seed/demo-seed.js';
import { createServices } from '../src/services/console-services.js';
import { percentile } from './percentile.js';

export interface LoginSprayResult {
  concurrentLogins: number;
  seconds: number;
  loginsAnswered: number;
  /** Milliseconds, nothing else running. */
  quiet: { clipGetP95Ms: number; uploadP95Ms: number };
  /** Milliseconds, while the logins run. */
  spray: { clipGetP95Ms: number; uploadP95Ms: number };
  targets: { p95Ms: number };
  pass: boolean;
}

const PASSWORD = 'bench-password-2026';
const p95 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.95);

/**
 * Issue 19's figure: a clip GET and an agent upload, alone and while `concurrentLogins` sign-ins
 * with made-up names run back to back from as many addresses (so the address throttle does not
 * end the spray early); p95 of each, target under 1 s. A real console app on SQLite, over HTTP.
 */
export async function runLoginSprayBench(options: { fixturesDir: string; concurrentLogins?: number; seconds?: number; log?: (line: string) => void }): Promise<LoginSprayResult> {
  const concurrentLogins = options.concurrentLogins ?? 60;
  const seconds = options.seconds ?? 10;
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'ww-bench-spray-'));
  const database = openDatabase({ dataDir });
  let server: Server | undefined;
  try {
    await migrateToLatest(database.db, database.engine);
    const services = createServices({ db: database.db, media: new LocalMediaStore(dataDir), registry: createRegistry(), sessionSecret: randomBytes(32).toString('hex'), secretKey: randomBytes(32) });
    await seedDemo(services, { password: PASSWORD });
    // Each sign-in of the spray comes "through" one proxy from its own address.
    const app = createApp({ services, registry: createRegistry(), logger: pino({ level: 'silent' }), health: async () => ({ database: 'ok', redis: 'not_configured', media: 'ok' }), trustProxy: 1 });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}`;

    const clip = readFileSync(join(options.fixturesDir, 'lot-drive-through.mp4'));
    const snapshotPath = join(dataDir, 'first.jpg');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(options.fixturesDir, 'lot-drive-through.mp4'), '-frames:v', '1', snapshotPath]);
    const snapshot = readFileSync(snapshotPath);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const { token } = await services.agents.add(null, 'agent-bench', 'hoan-kiem');
    const upload = (id: string, kind: 'clip' | 'snapshot', body: Buffer) =>
      fetch(`${url}${mediaUploadPath(id, kind)}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': kind === 'clip' ? 'video/mp4' : 'image/jpeg', 'x-content-sha256': sha(body) }, body });
    const violationId = generateUuidV7();
    for (const [kind, body] of [['clip', clip], ['snapshot', snapshot]] as const) if ((await upload(violationId, kind, body)).status >= 300) throw new Error(`bench upload of the ${kind} failed`);
    const now = new Date();
    const job: ViolationJob = {
      version: 1, violationId, agentId: 'agent-bench', agentVersion: 'bench', cameraId: 'cam-1', cameraName: 'Bench', ward: 'hoan-kiem', ruleType: 'illegal_parking', zoneId: 'zone-1',
      classes: ['car'], scores: [0.9], trackIds: [1], startedAt: new Date(now.getTime() - 30_000).toISOString(), triggeredAt: now.toISOString(),
      bbox: { x1: 0.1, y1: 0.1, x2: 0.3, y2: 0.3 }, boxes: [{ x1: 0.1, y1: 0.1, x2: 0.3, y2: 0.3 }],
      media: { clip: { uri: mediaUri(violationId, 'clip'), sha256: sha(clip), bytes: clip.length, mime: 'video/mp4', durationSeconds: 30 }, snapshot: { uri: mediaUri(violationId, 'snapshot'), sha256: sha(snapshot), bytes: snapshot.length, mime: 'image/jpeg' } },
      model: { name: 'yolox_nano', sha256: 'a'.repeat(64) },
    };
    await services.ingest.ingestViolation(signViolationJob(job, token));
    const signIn = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' }, body: JSON.stringify({ username: 'canbo.hoankiem', password: PASSWORD }) });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const timed = async (call: () => Promise<Response>) => {
      const t0 = performance.now();
      const res = await call();
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`bench request failed: ${res.status}`);
      return performance.now() - t0;
    };
    const getClip = () => timed(() => fetch(`${url}/api/violations/${violationId}/clip`, { headers: { cookie, 'x-forwarded-for': '192.0.2.1' } }));
    const putUpload = () => timed(() => upload(generateUuidV7(), 'snapshot', snapshot));
    const sample = async (until: () => boolean) => {
      const clipMs: number[] = [];
      const uploadMs: number[] = [];
      while (until()) {
        clipMs.push(await getClip());
        uploadMs.push(await putUpload());
      }
      return { clipGetP95Ms: Math.round(p95(clipMs)), uploadP95Ms: Math.round(p95(uploadMs)) };
    };

    let quietRounds = 0;
    const quiet = await sample(() => quietRounds++ < 20);
    log(`quiet: clip GET p95 ${quiet.clipGetP95Ms} ms, upload p95 ${quiet.uploadP95Ms} ms`);

    const endAt = Date.now() + seconds * 1_000;
    let answered = 0;
    const sprayer = async (n: number) => {
      for (let i = 0; Date.now() < endAt; i++) {
        const res = await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${n}.${(i >> 8) & 255}.${i & 255}` },
          body: JSON.stringify({ username: `nobody-${n}-${i}`, password: 'guess-guess-guess' }),
        });
        await res.arrayBuffer();
        answered++;
      }
    };
    const sprayers = Promise.all(Array.from({ length: concurrentLogins }, (_, n) => sprayer(n)));
    await new Promise((r) => setTimeout(r, 500));
    const spray = await sample(() => Date.now() < endAt);
    await sprayers;
    log(`under ${concurrentLogins} concurrent sign-ins: clip GET p95 ${spray.clipGetP95Ms} ms, upload p95 ${spray.uploadP95Ms} ms (${answered} sign-ins answered in ${seconds} s)`);
    const target = 1_000;
    return { concurrentLogins, seconds, loginsAnswered: answered, quiet, spray, targets: { p95Ms: target }, pass: spray.clipGetP95Ms < target && spray.uploadP95Ms < target };
  } finally {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
