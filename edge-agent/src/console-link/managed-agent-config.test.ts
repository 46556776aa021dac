import type { ManagedConfig } from '@wardwatch/contracts';
import { managedConfig } from '@wardwatch/contracts';
import { describe, expect, it } from 'vitest';
import { localSettingsSchema } from '../config/agent-config.schema.js';
import { buildManagedAgentConfig, type ManagedInputs } from './managed-agent-config.js';

const camera = (id: string, extra: Record<string, unknown> = {}) => ({ id, name: `Camera ${id}`, detect: { url: `rtsp://admin:s3cret@10.0.0.21/${id}`, fps: 5 }, ...extra });
const managed = (extra: Partial<Record<keyof ManagedConfig, unknown>> = {}): ManagedConfig =>
  managedConfig.parse({ version: 3, agent: { id: 'agent-hk-01', ward: 'hoan-kiem' }, redis: { url: 'redis://10.0.0.5:6379', prefix: 'ward7' }, cameras: [camera('cam-01')], ...extra });

function inputs(overrides: Partial<ManagedInputs> = {}): ManagedInputs {
  return {
    settings: localSettingsSchema.parse({ agent: { httpPort: 9555, dataDir: '/var/lib/wardwatch' }, detector: { workers: 1 } }),
    identity: { agentId: 'agent-hk-01', ward: 'hoan-kiem' },
    console: { url: 'https://console.ward.vn', token: 'agent-token-0123456789', syncSeconds: 2 },
    managed: managed(),
    env: {},
    ...overrides,
  };
}

describe('buildManagedAgentConfig', () => {
  it('takes local settings from the file, identity, Redis and cameras from the console, and the console link', () => {
    const result = buildManagedAgentConfig(inputs());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.agent).toMatchObject({ id: 'agent-hk-01', ward: 'hoan-kiem', httpPort: 9555, dataDir: '/var/lib/wardwatch', timezone: 'Asia/Ho_Chi_Minh' });
    expect(result.value.detector.workers).toBe(1);
    expect(result.value.redis).toEqual({ url: 'redis://10.0.0.5:6379', prefix: 'ward7' });
    expect(result.value.console).toEqual({ url: 'https://console.ward.vn', token: 'agent-token-0123456789', syncSeconds: 2 });
    expect(result.value.cameras.map((c) => c.id)).toEqual(['cam-01']);
  });

  it('lets REDIS_URL win over the console\'s Redis, keeping its prefix', () => {
    const result = buildManagedAgentConfig(inputs({ env: { REDIS_URL: 'redis://127.0.0.1:6380' } }));
    expect(result.ok && result.value.redis).toEqual({ url: 'redis://127.0.0.1:6380', prefix: 'ward7' });
    const empty = buildManagedAgentConfig(inputs({ env: { REDIS_URL: '' } }));
    expect(empty.ok && empty.value.redis?.url).toBe('redis://10.0.0.5:6379');
  });

  it('runs with no camera and no Redis before the console sent anything', () => {
    const result = buildManagedAgentConfig(inputs({ managed: undefined }));
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.cameras).toEqual([]);
    expect(result.ok && result.value.redis).toBeUndefined();
  });

  it('takes the console\'s ward and time zone', () => {
    const result = buildManagedAgentConfig(inputs({ managed: managed({ agent: { id: 'agent-hk-01', ward: 'hang-bac', timezone: 'Asia/Bangkok' } }) }));
    expect(result.ok && result.value.agent).toMatchObject({ ward: 'hang-bac', timezone: 'Asia/Bangkok' });
  });

  it('refuses the config of another agent and a camera list the agent cannot run, naming every problem', () => {
    const result = buildManagedAgentConfig(inputs({ managed: managed({ agent: { id: 'agent-other', ward: 'hoan-kiem' }, cameras: [camera('cam-01'), camera('cam-01')] }) }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatch(/^config\.agent\.id: .*"agent-other".*"agent-hk-01"/);
    expect(result.errors[1]).toMatch(/^cameras\[1\]\.id: duplicate id "cam-01"/);
  });
});
