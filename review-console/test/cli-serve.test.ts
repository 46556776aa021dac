import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, STACK_PASSWORD, type ConsoleStack } from './support/console-stack.js';
import { postgresUrl } from './support/test-databases.js';

async function login(stack: ConsoleStack, username: string) {
  const res = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: STACK_PASSWORD }) });
  expect(res.status).toBe(200);
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

const pgUrl = await postgresUrl();
const variants = [{ name: 'sqlite', postgresUrl: undefined }, ...(pgUrl ? [{ name: 'postgres', postgresUrl: pgUrl }] : [])];

describe.each(variants)('the real `review-console serve` process ($name)', ({ postgresUrl: pg }) => {
  let stack: ConsoleStack;
  beforeAll(async () => {
    stack = await startConsoleStack({ cases: 6, postgresUrl: pg });
  });
  afterAll(async () => stack?.stop());

  it('stores cases published through upload + queue, and an officer pages through their ward only', async () => {
    expect(stack.caseIds).toHaveLength(6);
    const { cookie } = await login(stack, 'canbo.hoankiem');
    const first = (await (await fetch(`${stack.url}/api/violations?limit=2`, { headers: { cookie } })).json()) as { items: { id: string; ward: string }[]; nextCursor: string };
    expect(first.items).toHaveLength(2);
    const second = (await (await fetch(`${stack.url}/api/violations?limit=2&cursor=${first.nextCursor}`, { headers: { cookie } })).json()) as { items: { id: string; ward: string }[]; nextCursor: string | null };
    const all = [...first.items, ...second.items];
    expect(all.every((i) => i.ward === 'hoan-kiem')).toBe(true);
    expect(new Set(all.map((i) => i.id)).size).toBe(3);
    expect(second.nextCursor).toBeNull();
    const health = (await (await fetch(`${stack.url}/healthz`)).json()) as { status: string; redis: string };
    expect(health).toMatchObject({ status: 'ok', redis: 'ok' });
  });

  it('the CLI manages users against the same storage, reading the password from stdin', async () => {
    const added = await stack.cli(['users', 'add', '--username', 'hoa', '--role', 'officer', '--ward', 'cua-nam', '--password-stdin'], 'another-password-1');
    expect(added.stdout).toContain('created officer hoa');
    const res = await fetch(`${stack.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'hoa', password: 'another-password-1' }) });
    expect(res.status).toBe(200);
    await expect(stack.cli(['users', 'add', '--username', 'x', '--role', 'officer', '--password-stdin'], 'short')).rejects.toMatchObject({ code: 2 });
  });

  it('stops gracefully on SIGTERM with exit code 0', async () => {
    expect(await stack.stop()).toBe(0);
  });
});

describe('review-console configuration errors', () => {
  const serve = async (env: NodeJS.ProcessEnv) => {
    const { execFile } = await import('node:child_process');
    const { CLI } = await import('./support/console-stack.js');
    return new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [CLI, 'serve'], { env: { ...process.env, REDIS_URL: '', WARDWATCH_DATA_DIR: '/tmp/ww-never-created', ...env } }, (_error, _stdout, stderr) =>
        resolve({ code: child.exitCode, stderr }),
      );
    });
  };

  it('lists every configuration problem at once', async () => {
    const result = await serve({ PORT: 'abc', SESSION_SECRET: 'short', DATABASE_URL: 'mysql://x' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/SESSION_SECRET: must be at least 32 characters/);
    expect(result.stderr).toMatch(/DATABASE_URL: must be a postgres/);
  });

  it('serve refuses to start without REDIS_URL and says how to fix it', async () => {
    const result = await serve({});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/REDIS_URL is not set/);
    expect(result.stderr).toMatch(/--no-worker/);
  });
});
