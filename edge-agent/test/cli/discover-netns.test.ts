import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/paths.js';

const run = promisify(execFile);
const bin = join(repoRoot(), 'node_modules', '.bin', 'edge-agent');
const SIM_MAIN = fileURLToPath(new URL('./onvif-sim-main.ts', import.meta.url));
const TSX = join(repoRoot(), 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** Network namespaces need root and iproute2; without them this multicast test cannot run here. */
async function canMakeNamespaces(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  return run('ip', ['netns', 'list']).then(() => true, () => false);
}
const available = await canMakeNamespaces();
if (!available) process.stderr.write('SKIPPING the ONVIF multicast test: it needs root and iproute2 to make its own network namespaces\n');

/*
 * Real multicast WS-Discovery, kept off the machine's own interfaces: two network namespaces made
 * here, joined by a veth pair; the camera answers in one, `edge-agent discover --interface` probes
 * from the other.
 */
describe.skipIf(!available)('edge-agent discover by multicast, between two network namespaces of its own', () => {
  const tag = randomInt(10_000, 99_999).toString();
  const subnet = `10.213.${randomInt(1, 250)}`;
  const agentNs = `ww-agent-${tag}`;
  const cameraNs = `ww-cam-${tag}`;
  const agentIf = `wwa${tag}`;
  const cameraIf = `wwc${tag}`;
  let camera: ChildProcess | undefined;
  let announced: { endpoint: string; deviceUrl: string };

  const inNs = (ns: string, ...args: string[]) => run('ip', ['netns', 'exec', ns, ...args]);

  beforeAll(async () => {
    await run('ip', ['netns', 'add', agentNs]);
    await run('ip', ['netns', 'add', cameraNs]);
    await run('ip', ['link', 'add', agentIf, 'netns', agentNs, 'type', 'veth', 'peer', 'name', cameraIf, 'netns', cameraNs]);
    for (const [ns, dev, host] of [[agentNs, agentIf, 1], [cameraNs, cameraIf, 2]] as const) {
      await inNs(ns, 'ip', 'addr', 'add', `${subnet}.${host}/24`, 'dev', dev);
      await inNs(ns, 'ip', 'link', 'set', dev, 'up');
      await inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
      await inNs(ns, 'ip', 'route', 'add', '224.0.0.0/4', 'dev', dev);
    }
    const options = {
      host: `${subnet}.2`,
      discoveryPort: 3702,
      multicastInterface: `${subnet}.2`,
      name: 'Cổng trước',
      hardware: 'SimCam IPC-2000',
      login: { user: 'admin', password: 'onvif-pw-1' },
      profiles: [{ token: 'sub', name: 'subStream', codec: 'H264', width: 640, height: 360, fps: 10, rtspUrl: `rtsp://${subnet}.2:554/sub` }],
    };
    camera = spawn('ip', ['netns', 'exec', cameraNs, process.execPath, '--import', TSX, SIM_MAIN, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
    announced = await new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`the ONVIF simulator did not start:\n${output}`)), 30_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const line = /READY (\{.*\})/.exec(output);
        if (!line) return;
        clearTimeout(timer);
        resolve(JSON.parse(line[1]!) as { endpoint: string; deviceUrl: string });
      };
      camera!.stdout!.on('data', onData);
      camera!.stderr!.on('data', onData);
      camera!.once('exit', (code) => reject(new Error(`the ONVIF simulator exited (${code}):\n${output}`)));
    });
  }, 60_000);

  afterAll(async () => {
    camera?.kill('SIGTERM');
    await run('ip', ['netns', 'del', cameraNs]).catch(() => undefined);
    await run('ip', ['netns', 'del', agentNs]).catch(() => undefined);
  });

  it('finds the camera on the interface it is told to probe, and lists its profile with the login', async () => {
    const { stdout } = await inNs(agentNs, bin, 'discover', '--interface', agentIf, '--user', 'admin', '--password', 'onvif-pw-1', '--json', '--timeout', '1.5');
    const found = JSON.parse(stdout) as { probed: string[]; cameras: { endpoint: string; address: string; deviceUrl: string; profiles: { token: string; rtspUrl: string }[] }[] };
    expect(found.probed).toEqual([`interface ${agentIf}`]);
    expect(found.cameras).toHaveLength(1);
    expect(found.cameras[0]).toMatchObject({ endpoint: announced.endpoint, address: `${subnet}.2`, deviceUrl: announced.deviceUrl });
    expect(found.cameras[0]!.profiles.map((p) => [p.token, p.rtspUrl])).toEqual([['sub', `rtsp://${subnet}.2:554/sub`]]);
  });

  it('by default probes every non-loopback interface, which here is the veth alone', async () => {
    const { stdout } = await inNs(agentNs, bin, 'discover', '--json', '--timeout', '1.5');
    const found = JSON.parse(stdout) as { probed: string[]; cameras: { endpoint: string }[] };
    expect(found.probed).toEqual([`interface ${agentIf}`]);
    expect(found.cameras.map((c) => c.endpoint)).toEqual([announced.endpoint]);
  });
});
