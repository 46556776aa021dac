import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, startCameraSimulator, startOnvifSimulator, type CameraSimulator, type OnvifSimulator } from '@wardwatch/devkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeStream } from '../../src/ffmpeg/probe-stream.js';
import { repoRoot } from '../../src/paths.js';

const run = promisify(execFile);
const bin = join(repoRoot(), 'node_modules', '.bin', 'edge-agent');
const LOGIN = { user: 'admin', password: 'Pa#ss-onvif-77' };

async function discover(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, ['discover', ...args], { env: { ...process.env, WARDWATCH_CAMERA_PASSWORD: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let rtsp: CameraSimulator;
let camera: OnvifSimulator;

/*
 * An ONVIF camera of the devkit's own: WS-Discovery answered on 127.0.0.1 (unicast, never the
 * machine's real interfaces), device and media services behind a password digest, and profiles
 * that point at the RTSP simulator: an H.265 main stream and an H.264 sub-stream.
 */
beforeAll(async () => {
  const clip = fixturePath('lot-people.mp4');
  rtsp = await startCameraSimulator({
    mounts: { main: { file: clip, encoding: { codec: 'h265', bFrames: 2, fps: 25 } }, sub: { file: clip, encoding: { codec: 'h264', fps: 10, width: 320 } } },
  });
  camera = await startOnvifSimulator({
    name: 'Cổng sau',
    hardware: 'SimCam IPC-2000',
    login: LOGIN,
    profiles: [
      { token: 'prof-main', name: 'mainStream', codec: 'H265', width: 480, height: 270, fps: 25, rtspUrl: rtsp.url('main') },
      { token: 'prof-sub', name: 'subStream', codec: 'H264', width: 320, height: 180, fps: 10, rtspUrl: rtsp.url('sub') },
    ],
  });
}, 120_000);

afterAll(async () => {
  await camera?.stop();
  await rtsp?.stop();
});

describe('edge-agent discover (the installed binary)', () => {
  it('finds the ONVIF camera, lists its profiles with their RTSP URLs, and picks detect and record streams', async () => {
    const result = await discover(['--target', `127.0.0.1:${camera.discoveryPort}`, '--user', LOGIN.user, '--password', LOGIN.password, '--json', '--timeout', '1']);
    expect(result.code, result.stderr).toBe(0);
    const found = JSON.parse(result.stdout) as { cameras: { endpoint: string; name: string; hardware: string; deviceUrl: string; profiles: { token: string; codec: string; width: number; height: number; fps: number; rtspUrl: string }[]; suggested: { detect: string; record: string } }[] };
    expect(found.cameras).toHaveLength(1);
    const [cam] = found.cameras;
    expect(cam).toMatchObject({ endpoint: camera.endpoint, name: 'Cổng sau', hardware: 'SimCam IPC-2000', deviceUrl: camera.deviceUrl, suggested: { detect: 'prof-sub', record: 'prof-main' } });
    expect(cam!.profiles.map((p) => [p.token, p.codec, p.width, p.height, p.fps, p.rtspUrl])).toEqual([
      ['prof-main', 'H265', 480, 270, 25, rtsp.url('main')],
      ['prof-sub', 'H264', 320, 180, 10, rtsp.url('sub')],
    ]);
    // What it found plays: the suggested detect stream is the H.264 sub-stream.
    const sub = await probeStream(cam!.profiles.find((p) => p.token === cam!.suggested.detect)!.rtspUrl, { timeoutMs: 15_000, transport: 'tcp' });
    expect(sub).toMatchObject({ codec: 'h264', width: 320 });
    expect(result.stdout + result.stderr).not.toContain(LOGIN.password);
  });

  it('prints a table for the installer, and without a login says how to list the streams', async () => {
    const table = await discover(['--target', `127.0.0.1:${camera.discoveryPort}`, '--user', LOGIN.user, '--password', LOGIN.password, '--timeout', '1']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Found 1 ONVIF camera:');
    expect(table.stdout).toMatch(/subStream\s+H264\s+320x180\s+10 fps\s+rtsp:\/\/\S+\/sub\s+<- detection \(detect\.url\)/);
    expect(table.stdout).toMatch(/mainStream\s+H265\s+480x270\s+25 fps\s+rtsp:\/\/\S+\/main\s+<- evidence \(record\.url\)/);
    const bare = await discover(['--target', `127.0.0.1:${camera.discoveryPort}`, '--timeout', '1']);
    expect(bare.code).toBe(0);
    expect(bare.stdout).toContain('Cổng sau (SimCam IPC-2000)');
    expect(bare.stdout).toContain('Give --user and --password');
  });

  it('names a wrong password without printing it, and says when nothing answers', async () => {
    const wrong = await discover(['--target', `127.0.0.1:${camera.discoveryPort}`, '--user', LOGIN.user, '--password', 'not-the-password', '--timeout', '1']);
    expect(wrong.code).toBe(0);
    expect(wrong.stdout).toContain('cannot list its streams: the camera rejected the user name or password');
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-password');
    // A port where no camera listens: nothing found, exit 1, and what to check.
    const none = await discover(['--target', '127.0.0.1:9', '--timeout', '0.5']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No ONVIF camera answered');
    expect((await discover(['--target', 'not a host'])).code).toBe(2);
  });
});
