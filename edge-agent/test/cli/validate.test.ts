import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/paths.js';

const run = promisify(execFile);
const bin = join(repoRoot(), 'node_modules', '.bin', 'edge-agent');

async function validate(config: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, ['validate', '--config', config]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('edge-agent validate (the installed binary)', () => {
  it('accepts the example config', async () => {
    const result = await validate(join(repoRoot(), 'edge-agent', 'config', 'example.yaml'));
    expect(result).toMatchObject({ code: 0, stdout: 'ok (1 camera, 1 zone)\n' });
  });

  it('rejects a file with three different mistakes, listing all three, exit 2, no password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ww-validate-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      `agent: { id: agent-dvh-01, ward: dich-vong-hau }
cameras:
  - id: cam-01
    name: "Cổng UBND"
    detect: { url: "rtsp://user:s3cret@10.0.0.21:554/sub", fps: 45 }
    zones:
      - id: no-parking-gate
        polygon: [[0.10, 0.55], [0.60, 0.55]]
        rules:
          - { type: illegal_parking, gracSeconds: 60 }
`,
    );
    const result = await validate(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('3 problems');
    expect(result.stderr).toContain('cameras[0].detect.fps: must be at most 30');
    expect(result.stderr).toContain('cameras[0].zones[0].polygon: a polygon needs at least 3 points');
    expect(result.stderr).toContain('cameras[0].zones[0].rules[0].gracSeconds: unknown key');
    expect(result.stderr + result.stdout).not.toContain('s3cret');
  });

  it('accepts a managed agent\'s settings file without cameras, and checks it just as strictly', async () => {
    expect(await validate(join(repoRoot(), 'edge-agent', 'config', 'managed.example.yaml'))).toMatchObject({ code: 0, stdout: 'ok (agent settings only: the cameras come from the console)\n' });
    const dir = await mkdtemp(join(tmpdir(), 'ww-validate-'));
    const good = join(dir, 'settings.yaml');
    await writeFile(good, 'agent: { httpPort: 9500, dataDir: /var/lib/wardwatch }\ndetector: { workers: 2 }\n');
    expect(await validate(good)).toMatchObject({ code: 0, stdout: 'ok (agent settings only: the cameras come from the console)\n' });
    const bad = join(dir, 'bad-settings.yaml');
    await writeFile(bad, 'agent: { httpPort: 9500 }\ndetectr: { workers: 2 }\n');
    const result = await validate(bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('detectr: unknown key');
  });

  it('says which file is missing', async () => {
    const result = await validate('/nonexistent/agent.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/agent.yaml: 1 problem');
    expect(result.stderr).toContain('file not found');
  });
});
