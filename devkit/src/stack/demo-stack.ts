import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startCameraSimulator, type CameraSimulator } from '../camera-sim/camera-simulator.js';
import { startOnvifSimulator, type OnvifSimulator } from '../onvif-sim/onvif-simulator.js';
import { freePort, waitForPort } from '../free-port.js';
import { repoRoot } from '../paths.js';
import { startPrivateRedis, type PrivateRedis } from '../redis-server.js';
import { demoCameras, type DemoCamera } from './demo-scenes.js';
import { ProcessGroup } from './process-group.js';

export interface DemoStackOptions {
  /** Everything the demo keeps (Redis, database, media, agent outbox); reused by the next run. */
  dataDir: string;
  /** Use this Redis instead of a private one. */
  redisUrl?: string;
  consolePort?: number;
  rtspPort?: number;
  agentPort?: number;
  /** One password for every seeded user (tests); otherwise random ones are generated once. */
  password?: string;
  /** Lines the console and the agent print, for a test's or the user's eyes. */
  onLog?: (source: string, line: string) => void;
  /** Cameras on the agent (default: the two demo scenes); more repeat the scenes (the soak). */
  cameraCount?: number;
}

export interface Credential {
  username: string;
  role: string;
  password: string | null;
}

export interface DemoStack {
  consoleUrl: string;
  agentUrl: string;
  credentials: Credential[];
  cameras: DemoCamera[];
  ward: string;
  /** A camera to find with the installer's "Find cameras" (ONVIF, answering on 127.0.0.1 only). */
  onvif: { address: string; user: string; password: string };
  /** Process ids of the console and the agent (the soak reads their memory). */
  pids: { console: number | undefined; agent: number | undefined };
  stop(): Promise<void>;
}

/** The demo ONVIF camera's login: a demo, not a secret. */
const ONVIF_LOGIN = { user: 'admin', password: 'demo-onvif' };
/** Its sub-stream's mount. */
const ONVIF_SUB = 'onvif-sub';

const WARD = 'hoan-kiem';
const AGENT_ID = 'demo-agent';
const bin = (name: string) => join(repoRoot(), 'node_modules', '.bin', name);

/**
 * Starts the whole system on the embedded defaults: Redis (private, unless given), the console
 * with demo wards and users, the RTSP camera simulator looping the demo scenes (one of them also
 * behind a simulated ONVIF camera, for "Find cameras"), and one agent.
 * `npm run demo` and the end-to-end test both use this, so the test checks what users run.
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const dataDir = options.dataDir;
  await mkdir(dataDir, { recursive: true });
  const group = new ProcessGroup();
  let redis: PrivateRedis | undefined;
  let simulator: CameraSimulator | undefined;
  let onvif: OnvifSimulator | undefined;
  const stop = async () => {
    await group.stopAll();
    await onvif?.stop();
    await simulator?.stop();
    await redis?.stop();
  };
  try {
    if (!options.redisUrl) redis = await startPrivateRedis({ dataDir: join(dataDir, 'redis') });
    const redisUrl = options.redisUrl ?? redis!.url;
    const consolePort = options.consolePort ?? (await freePort());
    const consoleEnv: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: redisUrl, PORT: String(consolePort), HOST: '127.0.0.1', WARDWATCH_DATA_DIR: join(dataDir, 'console'), LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
    delete consoleEnv.DATABASE_URL;

    const credentials = await seedOnce(dataDir, consoleEnv, options.password);
    const token = await agentTokenOnce(dataDir, consoleEnv);

    const cameras = repeatCameras(await demoCameras(), options.cameraCount);
    // The first scene again as a third camera, one an installer finds with "Find cameras": ONVIF,
    // with a main stream (the scene as it is, 768x432 at 10 fps) and a smaller sub-stream.
    const found = cameras[0]!;
    const mounts = { ...Object.fromEntries(cameras.map((c) => [c.mount, c.file])), [ONVIF_SUB]: { file: found.file, encoding: { codec: 'h264' as const, width: 480, fps: 10 } } };
    simulator = await startCameraSimulator({ port: options.rtspPort, mounts });
    onvif = await startOnvifSimulator({
      name: 'Camera ONVIF — cổng sau',
      hardware: 'WardWatch demo camera',
      login: ONVIF_LOGIN,
      profiles: [
        { token: 'main', name: 'mainStream', codec: 'H264', width: 768, height: 432, fps: 10, rtspUrl: simulator.url(found.mount, false) },
        { token: 'sub', name: 'subStream', codec: 'H264', width: 480, height: 270, fps: 10, rtspUrl: simulator.url(ONVIF_SUB, false) },
      ],
    });

    const consoleProcess = group.start('console', process.execPath, [bin('review-console'), 'serve'], { env: consoleEnv, onLine: (l) => options.onLog?.('console', l) });
    await Promise.race([waitForPort(consolePort, '127.0.0.1', 60_000), consoleProcess.exited.then((code) => Promise.reject(new Error(`the console exited (code ${code}):\n${consoleProcess.tail()}`)))]);

    const agentPort = options.agentPort ?? (await freePort());
    const configPath = join(dataDir, 'agent.yaml');
    await writeFile(configPath, agentConfigYaml(cameras, simulator, agentPort, `http://127.0.0.1:${consolePort}`, join(dataDir, 'agent')));
    const agentEnv = { ...process.env, REDIS_URL: redisUrl, WARDWATCH_AGENT_TOKEN: token, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };
    const agent = group.start('agent', process.execPath, [bin('edge-agent'), 'run', '--config', configPath], { env: agentEnv, onLine: (l) => options.onLog?.('agent', l) });
    await Promise.race([waitForPort(agentPort, '127.0.0.1', 60_000), agent.exited.then((code) => Promise.reject(new Error(`the agent exited (code ${code}):\n${agent.tail()}`)))]);

    return {
      consoleUrl: `http://127.0.0.1:${consolePort}`, agentUrl: `http://127.0.0.1:${agentPort}`, credentials, cameras, ward: WARD,
      onvif: { address: `127.0.0.1:${onvif.discoveryPort}`, ...ONVIF_LOGIN },
      pids: { console: consoleProcess.child.pid, agent: agent.child.pid },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `count` cameras from the demo scenes in turn: `cam-parking`, `cam-sidewalk`, `cam-parking-2`...
 * Each has its own mount, so each gets its own stream as separate cameras would.
 */
function repeatCameras(scenes: DemoCamera[], count = scenes.length): DemoCamera[] {
  return Array.from({ length: count }, (_, i) => {
    const scene = scenes[i % scenes.length]!;
    const round = Math.floor(i / scenes.length);
    return round === 0 ? scene : { ...scene, id: `${scene.id}-${round + 1}`, name: `${scene.name} (${round + 1})`, mount: `${scene.mount}-${round + 1}` };
  });
}

/** Seeds demo users on the first run and keeps their passwords (mode 600) for the next runs. */
async function seedOnce(dataDir: string, env: NodeJS.ProcessEnv, password: string | undefined): Promise<Credential[]> {
  const file = join(dataDir, 'demo-credentials.json');
  const saved = await readJson<Credential[]>(file);
  if (saved) return saved;
  const args = ['seed', '--demo', '--json', ...(password ? ['--password-stdin'] : [])];
  const out = await runOnce(bin('review-console'), args, env, password);
  const credentials = JSON.parse(out.trim().split('\n').pop() ?? '[]') as Credential[];
  await writeFile(file, JSON.stringify(credentials, null, 2));
  await chmod(file, 0o600);
  return credentials;
}

async function agentTokenOnce(dataDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const file = join(dataDir, 'agent-token');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    // First run: register the demo agent below.
  }
  const token = (await runOnce(bin('review-console'), ['agents', 'add', '--id', AGENT_ID, '--ward', WARD, '--quiet'], env)).trim();
  await writeFile(file, `${token}\n`, { mode: 0o600 });
  return token;
}

function agentConfigYaml(cameras: DemoCamera[], simulator: CameraSimulator, httpPort: number, consoleUrl: string, agentDir: string): string {
  return stringify({
    agent: { id: AGENT_ID, ward: WARD, httpPort, dataDir: agentDir, heartbeatSeconds: 5 },
    console: { url: consoleUrl },
    evidence: { preSeconds: 5, postSeconds: 3 },
    cameras: cameras.map((c) => ({
      id: c.id,
      name: c.name,
      detect: { url: simulator.url(c.mount), fps: 5 },
      record: { segmentSeconds: 2, cacheMinutes: 5 },
      zones: c.zones,
    })),
  });
}

async function runOnce(command: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const group = new ProcessGroup();
  const child = group.start(command.split('/').pop() ?? command, process.execPath, [command, ...args], { env });
  child.child.stdin?.end(input ?? '');
  let out = '';
  child.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await child.exited;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (code ${code}):\n${child.tail()}`);
  return out;
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    // Not there yet (first run).
    return undefined;
  }
}
