import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.js';

const run = promisify(execFile);
const dockerDir = join(repoRoot(), 'docker');

// No Docker engine runs on the project machines: this is what can be checked without one.
describe('docker/ deployment files', () => {
  it('compose.yaml passes docker-compose config and wires every service', async () => {
    const { stdout } = await run('docker-compose', ['-f', join(dockerDir, 'compose.yaml'), 'config'], {
      env: { ...process.env, REDIS_PASSWORD: 'test-password' },
    });
    for (const service of ['redis', 'console', 'agent', 'postgres', 'prometheus', 'grafana']) expect(stdout).toContain(`  ${service}:`);
    expect(stdout).toContain('REDIS_URL: redis://:test-password@redis:6379');
    expect(stdout).toContain('--appendonly yes --requirepass');
  });

  it.each(['agent.Dockerfile', 'console.Dockerfile'])('%s is multi-stage and runs as a non-root user', async (name) => {
    const text = await readFile(join(dockerDir, name), 'utf8');
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^USER wardwatch$/m);
    expect(text).toMatch(/^HEALTHCHECK /m);
  });

  it('the Grafana dashboard shows the operational figures', async () => {
    const dashboard = JSON.parse(await readFile(join(dockerDir, 'grafana', 'dashboards', 'wardwatch.json'), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    for (const metric of ['wardwatch_camera_fps', 'wardwatch_frames_skipped_total', 'wardwatch_inference_seconds', 'wardwatch_outbox_pending', 'wardwatch_console_review_backlog']) {
      expect(exprs).toContain(metric);
    }
  });
});
