import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import type { DiscoveredCamera } from '@wardwatch/contracts';
import { findOnvifCameras, searchTargets } from '../../onvif/find-cameras.js';

export const discoverCommand: Command = {
  name: 'discover',
  summary: 'Find ONVIF cameras on the network and list their streams',
  help: `Usage: edge-agent discover [--interface NAME]... [--target HOST[:PORT]]... [--user USER --password PASS] [--timeout SECONDS] [--json]

Sends an ONVIF WS-Discovery probe and lists the cameras that answer: name, model, address.
With the cameras' login it also lists each one's media profiles (codec, size, fps, RTSP URL) and
suggests the sub-stream for detection (detect.url) and the main stream for evidence (record.url).
A camera without ONVIF is not found here; add it by its RTSP URL as before.

Options:
  --interface NAME     probe by multicast out of this interface (repeatable; default: every
                       non-loopback interface with an IPv4 address)
  --target HOST[:PORT] probe one address directly (unicast; repeatable), e.g. a camera on another
                       subnet; with --target only, no multicast is sent
  --user USER          the cameras' ONVIF login (often the same as their web login)
  --password PASS      its password (or set WARDWATCH_CAMERA_PASSWORD); never printed
  --timeout SECONDS    how long to wait for answers (default 3)
  --json               one JSON document instead of the table

Example:
  edge-agent discover --interface eth1 --user admin --password secret`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { interface: { type: 'string', multiple: true }, target: { type: 'string', multiple: true }, user: { type: 'string' }, password: { type: 'string' }, timeout: { type: 'string' }, json: { type: 'boolean' } },
    });
    const usage = (message: string) => {
      process.stderr.write(`discover: ${message}\n`);
      return ExitCode.usage;
    };
    const seconds = values.timeout === undefined ? 3 : Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 60) return usage('--timeout must be a number of seconds between 0 and 60');
    const search = searchTargets(values.target ?? [], values.interface);
    if ('bad' in search) return usage(`--target ${search.bad}: expected HOST or HOST:PORT`);
    const { targets } = search;
    const interfaces = targets.flatMap((t) => ('interface' in t ? [t.interface] : []));
    if (targets.length === 0) return usage('no network interface with an IPv4 address to probe; give --interface or --target');
    // An empty variable is an unset one, as for the agent's other settings from the environment.
    const password = values.password ?? (process.env.WARDWATCH_CAMERA_PASSWORD || undefined);
    if ((values.user === undefined) !== (password === undefined)) return usage('--user and --password go together');
    const login = values.user !== undefined && password !== undefined ? { user: values.user, password } : undefined;

    let cameras: DiscoveredCamera[];
    try {
      cameras = await findOnvifCameras({ targets, timeoutMs: seconds * 1_000, login });
    } catch (error) {
      return usage((error as Error).message);
    }
    if (values.json) process.stdout.write(`${JSON.stringify({ probed: targets.map((t) => ('interface' in t ? `interface ${t.interface}` : `${t.host}:${t.port ?? 3702}`)), cameras }, null, 2)}\n`);
    else process.stdout.write(describe(cameras, interfaces, login !== undefined));
    return cameras.length > 0 ? ExitCode.ok : ExitCode.failure;
  },
};

function describe(cameras: readonly DiscoveredCamera[], interfaces: readonly string[], withLogin: boolean): string {
  if (cameras.length === 0) {
    return `No ONVIF camera answered${interfaces.length > 0 ? ` on ${interfaces.join(', ')}` : ''}. Check that ONVIF is enabled on the camera (often off by default) and that it is on this network; a camera without ONVIF is added by its RTSP URL.\n`;
  }
  const lines = [`Found ${cameras.length} ONVIF camera${cameras.length === 1 ? '' : 's'}:`];
  for (const camera of cameras) {
    lines.push(`  ${camera.name ?? 'unnamed'}${camera.hardware ? ` (${camera.hardware})` : ''} at ${camera.address}: ${camera.deviceUrl}`);
    if (camera.problem) lines.push(`    cannot list its streams: ${camera.problem}`);
    for (const p of camera.profiles ?? []) {
      const role = camera.suggested?.detect === p.token ? '  <- detection (detect.url)' : camera.suggested?.record === p.token ? '  <- evidence (record.url)' : '';
      lines.push(`    ${p.name.padEnd(12)} ${p.codec.padEnd(5)} ${`${p.width}x${p.height}`.padStart(9)} ${p.fps === undefined ? '' : `${p.fps} fps`.padStart(7)}  ${p.rtspUrl}${role}`);
    }
  }
  if (!withLogin) lines.push('Give --user and --password to list each camera\'s streams (codec, size, fps, RTSP URL).');
  return `${lines.join('\n')}\n`;
}
