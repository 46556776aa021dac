import { randomBytes } from 'node:crypto';
import { violationListQuery } from '../../src/api/api-types.js';
import { saveCameraRequest } from '../../src/api/site-api-types.js';
import type { Db } from '../../src/db/tables.js';
import { LocalMediaStore } from '../../src/media/local-media-store.js';
import { createRegistry } from '../../src/metrics/console-metrics.js';
import { CameraRepository } from '../../src/repositories/camera.repository.js';
import { MediaRepository } from '../../src/repositories/media.repository.js';
import { ProbeRepository } from '../../src/repositories/probe.repository.js';
import { UserRepository } from '../../src/repositories/user.repository.js';
import { seedDemo } from '../../src/seed/demo-seed.js';
import type { Actor } from '../../src/services/actor.js';
import { toActor } from '../../src/services/auth.service.js';
import { createServices, type ConsoleServices } from '../../src/services/console-services.js';
import { BENCH_WARDS, seedBenchCases } from '../../bench/bench-cases.js';
import { DEMO_PASSWORD, TEST_SECRET_KEY } from './app-harness.js';
import { cameraInput } from './installer.js';

/*
 * A console as a site that has run for a while leaves it: demo users plus an officer of two
 * wards, an agent per ward (one still waiting to enrol), managed config versions with a sealed
 * camera login, a probe with its snapshot, a camera search, camera health, evidence rows, bench cases, and
 * decisions, a reopened case and their audit trail made through the console's own services.
 */

export const OFFICER = 'canbo.phuong3';
/** The officer's wards: bench wards 3 and 4. */
export const OFFICER_WARDS = ['ward-3', 'ward-4'];
export const MANAGED_AGENT = 'ward-3-agent';
const BENCH_END_MS = Date.parse('2026-06-01T00:00:00.000Z');

/** The console's services on `db`, wired as the runtime does (same session secret and sealing key for every engine). */
export function servicesOn(db: Db, dataDir: string): ConsoleServices {
  return createServices({ db, media: new LocalMediaStore(dataDir), registry: createRegistry(), sessionSecret: 's'.repeat(32), secretKey: TEST_SECRET_KEY });
}

export async function actorNamed(db: Db, username: string): Promise<Actor> {
  const user = await new UserRepository(db).findByUsername(username);
  if (!user) throw new Error(`no user ${username}`);
  return toActor(user);
}

export interface PopulatedConsole {
  /** Cases decided through ReviewService (confirmed with plate and note, dismissed); the first was reopened and decided again. */
  decided: string[];
  /** A sign-in made before the move; its token. */
  sessionToken: string;
  probeId: string;
  snapshot: Buffer;
}

/** Demo wards and users only: a small console of its own (another site, for refusals). */
export async function populateSmallConsole(db: Db, dataDir: string): Promise<void> {
  await seedDemo(servicesOn(db, dataDir), { password: DEMO_PASSWORD });
}

export async function populateConsole(db: Db, dataDir: string, cases: number): Promise<PopulatedConsole> {
  const services = servicesOn(db, dataDir);
  await seedDemo(services, { password: DEMO_PASSWORD });
  for (const [i, ward] of BENCH_WARDS.entries()) {
    await services.admin.upsertWard(null, { id: ward, name: `Phường số ${i}`, districtId: i < 5 ? 'trung-tam' : 'phia-tay' });
    await services.agents.add(null, `${ward}-agent`, ward);
  }
  await services.admin.createUser(null, { username: OFFICER, role: 'officer', wards: OFFICER_WARDS, districtId: null, password: DEMO_PASSWORD });
  const locked = await services.admin.createUser(null, { username: 'nghiviec', role: 'officer', wards: ['ward-5'], districtId: null, password: DEMO_PASSWORD });
  await services.admin.updateUser(null, locked.id, { disabled: true });
  await services.agents.create(null, 'waiting-agent', 'ward-0');

  const installer = await actorNamed(db, 'lapdat');
  const save = (baseVersion: number, id: string, url: string, note: string) =>
    services.sites.saveCamera(installer, MANAGED_AGENT, id, saveCameraRequest.parse({ baseVersion, camera: cameraInput(id, { detect: { url, fps: 5 } }), note }));
  await save(0, 'cam-01', 'rtsp://admin:Mật-khẩu@10.0.0.5/sub', 'cổng chính');
  await save(1, 'cam-02', 'rtsp://10.0.0.6/sub', 'second camera');
  const { probeId } = await services.probes.request(installer, MANAGED_AGENT, { cameraId: 'cam-01' });
  await services.discoveries.request(installer, MANAGED_AGENT, { user: 'admin', password: 'onvif-pass' });
  const snapshot = randomBytes(40_000);
  await new ProbeRepository(db).storeSnapshot(probeId, snapshot);
  const now = new Date().toISOString();
  await new CameraRepository(db).upsertMany(['cam-01', 'cam-02'].map((camera, i) => ({
    agent_id: MANAGED_AGENT, camera_id: camera, ward_id: 'ward-3', name: `Camera ${camera}`, state: i === 0 ? 'up' : 'reconnecting', fps: 4.75, last_frame_at: now,
    last_error: i === 0 ? null : 'timeout', restarts: i, agent_version: '0.1.0', outbox_pending: 3, sent_at: now, received_at: now, interval_ms: i === 0 ? 10_000 : null, record_state: i === 0 ? 'up' : null, record_error: null,
  })));

  await seedBenchCases(db, cases, BENCH_END_MS);
  const officer = await actorNamed(db, OFFICER);
  const pending = (await services.review.list(officer, violationListQuery.parse({ ward: 'ward-3', status: 'pending', limit: 20 }))).items.map((c) => c.id);
  const media = new MediaRepository(db);
  for (const [i, id] of pending.entries()) {
    await media.upsert({ violation_id: id, kind: 'clip', sha256: 'd'.repeat(64), bytes: 1_000 + i, mime: 'video/mp4', uri: `media/${id}/clip.mp4`, agent_id: 'ward-3-agent', created_at: now });
    if (i % 2 === 0) await services.review.decide(officer, id, { decision: 'confirmed', reason: 'clear_violation', plate: `29A-${100 + i}.45`, note: `xe đỗ trước cổng ${i}` });
    else await services.review.decide(officer, id, { decision: 'dismissed', reason: 'owner_returned' });
  }
  const supervisor = await actorNamed(db, 'giamsat');
  const reopened = pending[0]!;
  await services.review.reopen(supervisor, reopened, { reason: 'biển số sai' });
  await services.review.decide(supervisor, reopened, { decision: 'confirmed', reason: 'clear_violation', plate: '29A-999.99' });
  const { sessionToken } = await services.auth.login('admin', DEMO_PASSWORD, '127.0.0.1');
  return { decided: pending, sessionToken, probeId, snapshot };
}
