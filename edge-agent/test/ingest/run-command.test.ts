import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, freePort, pollUntil, startCameraSimulator } from '@wardwatch/devkit';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/paths.js';
import { metricValue } from './ingest-support.js';

const bin = join(repoRoot(), 'edge-agent', 'bin', 'edge-agent.js');

/** Pids whose parent is `parent`. */
async function childrenOf(parent: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) out.push(Number(entry));
  }
  return out;
}

describe('edge-agent run --config', () => {
  it('starts every camera and the HTTP endpoint, and stops cleanly on SIGTERM', async () => {
    const sim = await startCameraSimulator({ mounts: { lot: fixturePath('lot-drive-through.mp4'), table: fixturePath('table-people-dwell.mp4') } });
    const dir = await mkdtemp(join(tmpdir(), 'ww-run-'));
    const port = await freePort();
    const configFile = join(dir, 'agent.yaml');
    await writeFile(
      configFile,
      `agent: { id: run-test, ward: phuc-xa, httpPort: ${port}, dataDir: ${JSON.stringify(join(dir, 'data'))} }
cameras:
  - { id: lot, name: Lot, detect: { url: "${sim.url('lot')}", fps: 5 } }
  - { id: table, name: Table, detect: { url: "${sim.url('table')}", fps: 2 } }
`,
    );
    const child = spawn(process.execPath, [bin, 'run', '--config', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let logs = '';
    child.stderr.on('data', (chunk: Buffer) => (logs += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${port}`;
      const status = await pollUntil(
        'both cameras up and recording',
        async () => {
          const body = (await fetch(`${base}/status`).then((r) => r.json()).catch(() => undefined)) as { cameras: { state: string; record?: { state: string } }[] } | undefined;
          return body?.cameras.every((c) => c.state === 'up' && c.record?.state === 'up') ? body : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(status).toMatchObject({ agentId: 'run-test', ward: 'phuc-xa', cameras: [{ id: 'lot', name: 'Lot' }, { id: 'table', name: 'Table' }] });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metricValue(metrics, 'wardwatch_camera_up', { camera: 'lot' })).toBe(1);
      expect(metrics).toContain('wardwatch_agent_process_cpu_seconds_total');
      expect(metricValue(metrics, 'wardwatch_record_up', { camera: 'lot' })).toBe(1);
      // Per camera, one ffmpeg decodes for detection and one copies the stream into segments.
      expect((await childrenOf(child.pid!)).length).toBe(4);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(logs).toMatch(/"msg":"agent stopped"/);
      // Segments landed in <dataDir>/segments/<camera>.
      expect((await readdir(join(dir, 'data', 'segments', 'lot'))).some((n) => n.endsWith('.ts'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
