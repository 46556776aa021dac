import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { freePort } from '../free-port.js';
import { cameraStreamMedia, simulatorMedia, type StreamEncoding } from './sim-media.js';

/** A mount that sends its clip as a given kind of camera would: codec, B-frames, an audio track. */
export interface CameraStream {
  file: string;
  /** Re-encode the clip so (default: H.264 without B-frames, as for a plain file). */
  encoding?: StreamEncoding;
  /** A live audio track beside the video: AAC, or G.711 A-law as many cameras send. */
  audio?: 'aac' | 'alaw';
  /**
   * One stream for every viewer, as a real camera's: a viewer that connects later joins it where
   * it is instead of from the clip's start (it restarts only when nobody watches).
   */
  shared?: boolean;
  /** The share (0-1) of the video's RTP packets lost on the way, as on a bad link. */
  loss?: number;
}

export interface CameraSimulatorOptions {
  /** Default: a free port. Pass the old port to restart a killed simulator "in place". */
  port?: number;
  host?: string;
  /** Mount name -> video file (any format ffmpeg reads; non-H.264-MP4 is transcoded once) or a camera stream. */
  mounts: Record<string, string | CameraStream>;
  /** Enables RTSP basic auth. */
  auth?: { user: string; password: string };
  startTimeoutMs?: number;
}

export interface CameraSimulator {
  readonly port: number;
  readonly host: string;
  /** `rtsp://host:port/name`, with the credentials when auth is on (or `credentials` given). */
  url(name: string, credentials?: { user: string; password: string } | false): string;
  /** The process id of the server (tests count children). */
  readonly pid: number | undefined;
  /** SIGTERM, then SIGKILL after 3 s. */
  stop(): Promise<void>;
  /** SIGKILL: a camera that loses power. */
  kill(): Promise<void>;
  /** A fresh server on the same port and mounts (after stop or kill). */
  restart(): Promise<CameraSimulator>;
}

/** devkit/camera-sim/rtsp_server.py, found from both src/ and dist/src/. */
function serverScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'camera-sim', 'rtsp_server.py');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('cannot find devkit/camera-sim/rtsp_server.py');
}

/**
 * A real RTSP server (GStreamer's, through /usr/bin/python3 and python3-gi) that plays each
 * mount in a loop, paced in real time, as a street camera would. An unknown path answers 404.
 */
export async function startCameraSimulator(options: CameraSimulatorOptions): Promise<CameraSimulator> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const args = [serverScript(), '--host', host, '--port', String(port)];
  for (const [name, mount] of Object.entries(options.mounts)) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`mount name "${name}" must be letters, digits, ".", "_" or "-"`);
    const stream: CameraStream = typeof mount === 'string' ? { file: mount } : mount;
    const media = stream.encoding ? await cameraStreamMedia(stream.file, stream.encoding) : await simulatorMedia(stream.file);
    args.push('--mount', `${name}=${media}`);
    if (stream.encoding?.codec === 'h265') args.push('--codec', `${name}=h265`);
    if (stream.audio) args.push('--audio', `${name}=${stream.audio}`);
    if (stream.shared) args.push('--shared', name);
    if (stream.loss) args.push('--loss', `${name}=${stream.loss}`);
  }
  if (options.auth) args.push('--user', options.auth.user, '--password', options.auth.password);
  const python = process.env.WARDWATCH_GST_PYTHON ?? '/usr/bin/python3';
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', (error) => {
      output += `\ncannot start ${python}: ${error.message}`;
      resolve();
    });
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`RTSP simulator did not start within ${options.startTimeoutMs ?? 15_000} ms:\n${output}`)), options.startTimeoutMs ?? 15_000);
    const onData = () => {
      if (!/READY \d+/.test(output)) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve();
    };
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    }
    child.stdout.on('data', onData);
    void exited.then(() => fail(new Error(`RTSP simulator exited before it was ready (is gir1.2-gst-rtsp-server-1.0 installed? run "npm run setup"):\n${output}`)));
  });

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(force);
  };
  return {
    port,
    host,
    pid: child.pid,
    url(name, credentials) {
      const creds = credentials === false ? undefined : (credentials ?? options.auth);
      const userinfo = creds ? `${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@` : '';
      return `rtsp://${userinfo}${host}:${port}/${name}`;
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      return startCameraSimulator({ ...options, port });
    },
  };
}
export { cameraStreamMedia, simulatorMedia, type StreamEncoding } from './sim-media.js';
