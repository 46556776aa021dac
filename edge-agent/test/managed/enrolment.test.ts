import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentHeartbeatV1, HEARTBEATS_QUEUE } from '@wardwatch/contracts';
import { freePort, pollUntil, randomPrefix } from '@wardwatch/devkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enrol } from '../../src/console-link/enrolment.js';
import { spawnAgentRun, type AgentProcess } from '../run/agent-process.js';
import { anyRedis } from '../run/run-fixtures.js';
import { agentStatus, writeSettings } from './managed-support.js';
import { startTestConsole, type TestConsole } from './test-console.js';

let console: TestConsole;
let redis: { url: string; stop: () => Promise<void> };
let dir: string;
const agents: AgentProcess[] = [];

/** No stray console or Redis settings from the environment the tests run in: the console gives them. */
const cleanEnv = { WARDWATCH_CONSOLE_URL: undefined, WARDWATCH_ENROL_TOKEN: undefined, WARDWATCH_AGENT_TOKEN: undefined, REDIS_URL: undefined };

function start(args: string[], env: NodeJS.ProcessEnv = {}): AgentProcess {
  const agent = spawnAgentRun(args, { ...cleanEnv, ...env });
  agents.push(agent);
  return agent;
}

function everything(agent: AgentProcess): string {
  return JSON.stringify(agent.logs()) + agent.text();
}

beforeAll(async () => {
  console = await startTestConsole();
  redis = await anyRedis();
  dir = await mkdtemp(join(tmpdir(), 'ww-enrol-'));
});

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.killAll();
});

afterAll(async () => {
  await console.close();
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A data folder, a free HTTP port and a settings file naming them, for one agent of these tests. */
async function agentSettings(name: string): Promise<{ dataDir: string; httpPort: number; settings: string }> {
  const dataDir = join(dir, name);
  const httpPort = await freePort();
  const settings = join(dir, `${name}.yaml`);
  await writeSettings(settings, { httpPort, dataDir });
  return { dataDir, httpPort, settings };
}

describe('edge-agent run --console URL --enrol TOKEN', () => {
  it('enrols once, keeps its identity and token in a private file, and starts again without the token', async () => {
    const { dataDir, httpPort, settings } = await agentSettings('agent-1');
    const enrolmentToken = console.enrolmentToken('agent-hk-07', 'hoan-kiem');

    // 1. First start: enrol, then run with no camera (nothing configured in the console yet).
    const first = start(['--config', settings, '--console', console.url, '--enrol', enrolmentToken]);
    const enrolled = await first.waitForLog('the enrolment', (l) => l.event === 'agent_enrolled');
    expect(enrolled).toMatchObject({ agentId: 'agent-hk-07', ward: 'hoan-kiem', console: console.url });
    const status = await pollUntil('the agent up with no camera', async () => {
      const s = await agentStatus(httpPort);
      return s.console?.state === 'ok' ? s : undefined;
    }, { timeoutMs: 90_000, retryErrors: true });
    expect(status).toMatchObject({ agentId: 'agent-hk-07', ward: 'hoan-kiem', cameras: [], console: { mode: 'managed', url: console.url, state: 'ok', latestVersion: 0, runningVersion: 0 } });
    // No Redis yet: delivery and heartbeats wait for the console to name one.
    expect(status.delivery).toMatchObject({ publishing: false, heartbeats: false });
    expect(first.logs().some((l) => l.event === 'delivery_waiting')).toBe(true);

    // The installer saves a first version (still no camera): delivery starts without a restart.
    const prefix = randomPrefix();
    console.publish('agent-hk-07', { agent: { id: 'agent-hk-07', ward: 'hoan-kiem' }, redis: { url: redis.url, prefix }, cameras: [] });
    await pollUntil('v1 with delivery on', async () => {
      const s = await agentStatus(httpPort);
      return s.configVersion === 'v1' && s.delivery.publishing && s.delivery.heartbeats ? s : undefined;
    }, { retryErrors: true });
    const beat = await pollUntil('a heartbeat reporting v1', async () => {
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      const queue = new Queue(HEARTBEATS_QUEUE, { connection, prefix });
      try {
        const beats = (await queue.getJobs(['waiting', 'completed'])).map((job) => agentHeartbeatV1.parse(job.data));
        return beats.find((b) => b.configVersion === 'v1');
      } finally {
        await queue.close();
        connection.disconnect();
      }
    }, { retryErrors: true });
    expect(beat).toMatchObject({ agentId: 'agent-hk-07', ward: 'hoan-kiem', cameras: [] });

    const file = join(dataDir, 'enrolment.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(saved).toMatchObject({ consoleUrl: console.url, agentId: 'agent-hk-07', ward: 'hoan-kiem' });
    expect(saved.token!.length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(saved)).not.toContain(enrolmentToken);
    // It keeps asking: several syncs with the agent's own token, and nothing off-contract.
    await pollUntil('three syncs', () => (console.syncs.filter((s) => s.agentId === 'agent-hk-07').length >= 3 ? true : undefined));
    expect(console.violations).toEqual([]);
    first.signal('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(everything(first)).not.toContain(enrolmentToken);
    expect(everything(first)).not.toContain(saved.token);

    // 2. Second start: neither flag; the saved enrolment is used.
    const syncsBefore = console.syncs.length;
    const second = start(['--config', settings]);
    await pollUntil('the second start in touch with the console', async () => ((await agentStatus(httpPort)).console?.state === 'ok' ? true : undefined), { timeoutMs: 90_000, retryErrors: true });
    expect((await agentStatus(httpPort)).agentId).toBe('agent-hk-07');
    expect(second.logs().some((l) => l.event === 'agent_enrolled')).toBe(false);
    expect(console.syncs.slice(syncsBefore).every((s) => s.agentId === 'agent-hk-07')).toBe(true);
    second.signal('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(everything(second)).not.toContain(saved.token);

    // 3. The spent token still set in the environment (compose, systemd): the agent starts as
    // before, with the saved enrolment, and does not even ask the console (no refused try counts
    // against its enrolment rate limit).
    const attemptsBefore = console.enrolAttempts;
    const again = start(['--config', settings], { WARDWATCH_CONSOLE_URL: console.url, WARDWATCH_ENROL_TOKEN: enrolmentToken });
    const kept = await again.waitForLog('the saved enrolment kept', (l) => l.event === 'enrolment_kept', 60_000);
    expect(kept).toMatchObject({ why: 'token_used_before', agentId: 'agent-hk-07' });
    await pollUntil('the third start in touch with the console', async () => ((await agentStatus(httpPort)).console?.state === 'ok' ? true : undefined), { timeoutMs: 90_000, retryErrors: true });
    expect((await agentStatus(httpPort)).agentId).toBe('agent-hk-07');
    expect(console.enrolAttempts).toBe(attemptsBefore);
    expect(again.logs().some((l) => l.event === 'agent_enrolled')).toBe(false);
    again.signal('SIGTERM');
    expect(await again.exited, again.text().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(everything(again)).not.toContain(enrolmentToken);
    expect(everything(again)).not.toContain(saved.token);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(saved);
  }, 240_000);

  it('when the console refuses the token of an agent already enrolled with it, the agent keeps its saved enrolment, starts, and asks no more on later starts', async () => {
    const { dataDir, httpPort, settings } = await agentSettings('agent-3');
    const first = console.enrolmentToken('agent-hk-09', 'hoan-kiem');
    await enrol({ consoleUrl: console.url, enrolmentToken: first, dataDir });
    // An enrolment saved before it remembered its token (or by a token since replaced): the
    // agent cannot tell without asking, and the console says no.
    const file = join(dataDir, 'enrolment.json');
    const { tokenSha256: _drop, ...older } = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    await writeFile(file, JSON.stringify(older));
    const spent = console.enrolmentToken('agent-hk-99', 'hoan-kiem');
    await enrol({ consoleUrl: console.url, enrolmentToken: spent, dataDir: join(dir, 'someone-else') });
    const attemptsBefore = console.enrolAttempts;

    const env = { WARDWATCH_CONSOLE_URL: console.url, WARDWATCH_ENROL_TOKEN: spent };
    const agent = start(['--config', settings], env);
    const kept = await agent.waitForLog('the saved enrolment kept', (l) => l.event === 'enrolment_kept', 60_000);
    expect(kept).toMatchObject({ level: 40, why: 'refused', agentId: 'agent-hk-09' });
    expect(kept.msg).toMatch(/^the enrolment token was already used; keeping the saved enrolment as agent-hk-09 \(enrolment refused: .* answered 410/);
    await pollUntil('running as agent-hk-09', async () => ((await agentStatus(httpPort)).console?.state === 'ok' ? true : undefined), { timeoutMs: 90_000, retryErrors: true });
    expect((await agentStatus(httpPort)).agentId).toBe('agent-hk-09');
    expect(console.enrolAttempts).toBe(attemptsBefore + 1);
    agent.signal('SIGTERM');
    expect(await agent.exited).toEqual({ code: 0, signal: null });
    expect(everything(agent)).not.toContain(spent);
    // The identity and token are the saved ones; the refused token is remembered as spent.
    const after = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(after).toMatchObject(older);
    expect(after.tokenSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(after)).not.toContain(spent);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // A restart (power cut) with the token still set: no second try at the console.
    const restarted = start(['--config', settings], env);
    expect(await restarted.waitForLog('the saved enrolment kept', (l) => l.event === 'enrolment_kept', 60_000)).toMatchObject({ why: 'token_used_before' });
    await pollUntil('running again', async () => ((await agentStatus(httpPort)).console?.state === 'ok' ? true : undefined), { timeoutMs: 90_000, retryErrors: true });
    expect(console.enrolAttempts).toBe(attemptsBefore + 1);
    restarted.signal('SIGTERM');
    expect(await restarted.exited).toEqual({ code: 0, signal: null });

    // A new token while the console is down: the saved enrolment runs (on no camera) until the
    // console is back, instead of a restart loop; the token is tried again at the next start.
    await console.down();
    try {
      const fresh = console.enrolmentToken('agent-hk-10', 'hoan-kiem');
      const offline = start(['--config', settings], { ...env, WARDWATCH_ENROL_TOKEN: fresh });
      const waiting = await offline.waitForLog('the saved enrolment kept', (l) => l.event === 'enrolment_kept', 60_000);
      expect(waiting).toMatchObject({ level: 40, why: 'console_unreachable', agentId: 'agent-hk-09' });
      expect(waiting.msg).toMatch(/cannot reach the console at http:\/\/127\.0\.0\.1:\d+: connection refused/);
      await pollUntil('running offline', async () => ((await agentStatus(httpPort)).agentId === 'agent-hk-09' ? true : undefined), { timeoutMs: 90_000, retryErrors: true });
      offline.signal('SIGTERM');
      expect(await offline.exited).toEqual({ code: 0, signal: null });
      expect(everything(offline)).not.toContain(fresh);
    } finally {
      await console.up();
    }
  }, 240_000);

  it('refuses a spent token with its reason and exit 1 when the saved enrolment is for another console', async () => {
    const dataDir = join(dir, 'agent-4');
    await enrol({ consoleUrl: console.url, enrolmentToken: console.enrolmentToken('agent-hk-11', 'hoan-kiem'), dataDir });
    const file = join(dataDir, 'enrolment.json');
    const savedText = await readFile(file, 'utf8');
    const other = await startTestConsole();
    try {
      const spent = other.enrolmentToken('agent-x', 'hoan-kiem');
      await enrol({ consoleUrl: other.url, enrolmentToken: spent, dataDir: join(dir, 'agent-4-other') });
      const agent = start(['--console', other.url, '--enrol', spent, '--data-dir', dataDir]);
      expect((await agent.exited).code).toBe(1);
      expect(agent.text()).toMatch(/enrolment refused: the console at http:\/\/127\.0\.0\.1:\d+ answered 410: this enrolment token was already used/);
      expect(await readFile(file, 'utf8')).toBe(savedText);
    } finally {
      await other.close();
    }
  });

  it.each([
    ['an unknown token', () => 'enrol-unknown-0000000000000000', /answered 401: unknown enrolment token \(the enrolment token is unknown, already used or expired/],
    ['an expired token', () => console.enrolmentToken('agent-hk-08', 'hoan-kiem', { expired: true }), /answered 410: this enrolment token has expired/],
    ['a token too short to be one', () => 'abc', /does not look like one/],
  ])('refuses %s with a specific message and exit code 1, before loading anything', async (_name, token, reason) => {
    const enrolmentToken = token();
    const agent = start(['--console', console.url, '--enrol', enrolmentToken, '--data-dir', join(dir, 'refused')]);
    expect((await agent.exited).code).toBe(1);
    expect(agent.text()).toMatch(reason);
    if (enrolmentToken.length >= 16) expect(everything(agent)).not.toContain(enrolmentToken);
    await expect(stat(join(dir, 'refused', 'enrolment.json'))).rejects.toThrow(/ENOENT/);
  });

  it('names an unreachable console by its URL, and refuses a console URL with a password without printing it', async () => {
    const closed = await freePort();
    const unreachable = start(['--enrol', 'enrol-0123456789abcdef'], { WARDWATCH_CONSOLE_URL: `http://127.0.0.1:${closed}`, WARDWATCH_ENROL_TOKEN: undefined });
    expect((await unreachable.exited).code).toBe(1);
    expect(unreachable.text()).toContain(`enrolment failed: cannot reach the console at http://127.0.0.1:${closed}: connection refused`);

    const withPassword = start(['--console', `http://admin:Hunter2-secret@127.0.0.1:${closed}`, '--enrol', 'enrol-0123456789abcdef']);
    expect((await withPassword.exited).code).toBe(2);
    expect(withPassword.text()).toMatch(/--console must not carry a user or password/);
    expect(everything(withPassword)).not.toContain('Hunter2-secret');

    const nothing = start(['--data-dir', join(dir, 'nothing')]);
    expect((await nothing.exited).code).toBe(2);
    expect(nothing.text()).toMatch(/nothing to run: give --config FILE with cameras, or enrol this agent/);
  });
});
