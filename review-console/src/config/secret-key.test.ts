import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeSecretKey, loadConsoleConfig } from './console-config.js';
import { resolveSecretKey } from './secret-key.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ww-secret-key-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the key that seals camera logins', () => {
  it('WARDWATCH_SECRET_KEY is 32 bytes in hex or base64; anything else is refused with how to make one', () => {
    const key = randomBytes(32);
    expect(decodeSecretKey(key.toString('hex'))).toEqual(key);
    expect(decodeSecretKey(key.toString('base64'))).toEqual(key);
    expect(decodeSecretKey(key.toString('base64url'))).toEqual(key);
    expect(decodeSecretKey(randomBytes(16).toString('hex'))).toBeUndefined();
    const ok = loadConsoleConfig({ WARDWATCH_SECRET_KEY: key.toString('hex') });
    expect(ok.ok && ok.config.secretKey).toEqual(key);
    const bad = loadConsoleConfig({ WARDWATCH_SECRET_KEY: 'hunter2', WARDWATCH_AGENT_REDIS_URL: 'http://x' });
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? [] : bad.errors;
    expect(errors).toEqual([
      expect.stringMatching(/^WARDWATCH_SECRET_KEY: must be 32 random bytes written as 64 hex characters or in base64 \(e\.g\. `openssl rand -hex 32`\)/),
      'WARDWATCH_AGENT_REDIS_URL: must be redis://host:port, rediss://host:port, redis+sentinel://host:port[,host:port...]/<master name> or redis+cluster://host:port[,host:port...], reachable from the agents',
    ]);
    expect(errors.join('\n')).not.toContain('hunter2');
  });

  it('the agents are told the console Redis unless WARDWATCH_AGENT_REDIS_URL says otherwise', () => {
    const own = loadConsoleConfig({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(own.ok && own.config.agentRedisUrl).toBe('redis://127.0.0.1:6379');
    const other = loadConsoleConfig({ REDIS_URL: 'redis://127.0.0.1:6379', WARDWATCH_AGENT_REDIS_URL: 'redis://console.ward.lan:6379' });
    expect(other.ok && other.config.agentRedisUrl).toBe('redis://console.ward.lan:6379');
    const none = loadConsoleConfig({});
    expect(none.ok && none.config.agentRedisUrl).toBeUndefined();
  });

  it('unset, a key is generated once into <dataDir>/secret-key (mode 0600) and reused', async () => {
    const dir = tempDir();
    const first = await resolveSecretKey(undefined, dir);
    expect(first).toHaveLength(32);
    expect(statSync(join(dir, 'secret-key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'secret-key'), 'utf8').trim()).toBe(first.toString('hex'));
    expect(await resolveSecretKey(undefined, dir)).toEqual(first);
    const configured = randomBytes(32);
    expect(await resolveSecretKey(configured, dir)).toEqual(configured);
  });

  it('a damaged key file stops the start instead of being replaced (that would orphan every stored login)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret-key'), 'not a key\n');
    await expect(resolveSecretKey(undefined, dir)).rejects.toThrow(/does not hold a 32-byte key/);
    expect(readFileSync(join(dir, 'secret-key'), 'utf8')).toBe('not a key\n');
  });
});
