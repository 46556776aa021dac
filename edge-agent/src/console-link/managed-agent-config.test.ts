import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(result.value.console).toEqual({ url: 'https://console.ward.vn', token: 'agent-token-0123456789', syncSeconds: 2, fileInputs: [] });
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

  it('refuses console cameras that read files on the agent, unless under a folder its local settings open (symbolic links followed)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ww-file-inputs-'));
    const clips = join(root, 'clips');
    await mkdir(clips);
    await writeFile(join(clips, 'demo.mp4'), '');
    await symlink('/etc', join(clips, 'escape'));
    const fileCameras = managed({
      cameras: [
        camera('cam-01'),
        camera('cam-02', { detect: { url: join(clips, 'demo.mp4'), fps: 5 } }),
        camera('cam-03', { detect: { url: `file://${join(clips, 'demo.mp4')}`, fps: 5 }, record: { url: '/etc/hostname' } }),
        camera('cam-04', { detect: { url: join(clips, 'escape', 'hostname'), fps: 5 } }),
        // A file URL with a host names no local file: refused in words, not a crash.
        camera('cam-05', { detect: { url: 'file://evil/x.mp4', fps: 5 } }),
      ],
    });
    const closed = buildManagedAgentConfig(inputs({ managed: fileCameras }));
    expect(closed.ok).toBe(false);
    if (closed.ok) return;
    expect(closed.errors.map((e) => e.split(':')[0])).toEqual(['cameras[1].detect.url', 'cameras[2].detect.url', 'cameras[2].record.url', 'cameras[3].detect.url', 'cameras[4].detect.url']);
    expect(closed.errors[4]).toMatch(/not a local file path this agent accepts/);
    expect(closed.errors[0]).toMatch(/may not point this agent at its own files .*console\.fileInputs/);

    const settings = localSettingsSchema.parse({ agent: { dataDir: '/var/lib/wardwatch' }, console: { url: 'https://console.ward.vn', fileInputs: [clips] } });
    const opened = buildManagedAgentConfig(inputs({ settings, managed: fileCameras }));
    expect(opened.ok ? [] : opened.errors).toEqual([
      `cameras[2].record.url: a file outside the folders this agent opens to the console (console.fileInputs: ${clips})`,
      `cameras[3].detect.url: a file outside the folders this agent opens to the console (console.fileInputs: ${clips})`,
      'cameras[4].detect.url: not a local file path this agent accepts (a file:// URL must have no host: file:///path/to/clip.mp4)',
    ]);
  });
});
