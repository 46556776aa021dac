import { join } from 'node:path';
import { preferredPort } from '../free-port.js';
import { repoRoot } from '../paths.js';
import { startDemoStack } from '../stack/demo-stack.js';
import { formatDemoStatus, readDemoStatus } from './status-line.js';

/*
 * `npm run demo`: the whole system on embedded defaults, with a live status line. Ctrl-C stops
 * every process it started; running it again reuses the data in data/demo.
 */
const dataDir = process.env.WARDWATCH_DEMO_DIR ?? join(repoRoot(), 'data', 'demo');
const tty = process.stdout.isTTY;
const logs: string[] = [];

process.stdout.write(`WardWatch demo — starting Redis, the console, the camera simulator and the agent (data in ${dataDir})…\n`);
const stack = await startDemoStack({
  dataDir,
  redisUrl: process.env.REDIS_URL,
  // The console's usual port when it is free, so the URL is the one the README shows.
  consolePort: process.env.PORT ? Number(process.env.PORT) : await preferredPort(8080),
  onLog: (source, line) => {
    logs.push(`[${source}] ${line}`);
    if (logs.length > 50) logs.shift();
  },
});

const officer = stack.credentials.find((c) => c.role === 'officer' && c.username.endsWith('hoankiem'));
process.stdout.write(`\nConsole: ${stack.consoleUrl}\n`);
process.stdout.write('Sign in as (username / role / password):\n');
for (const c of stack.credentials) process.stdout.write(`  ${c.username.padEnd(16)} ${c.role.padEnd(11)} ${c.password ?? '(unchanged)'}\n`);
process.stdout.write(`\nThe ward officer of ${stack.ward} is "${officer?.username ?? 'canbo.hoankiem'}". Violations appear within a minute or two, again on every loop of the scenes.\nAgent status: ${stack.agentUrl}/status · Ctrl-C stops everything.\n`);
process.stdout.write(`Installers: "Find cameras" in the camera form finds a simulated ONVIF camera at ${stack.onvif.address} (user ${stack.onvif.user}, password ${stack.onvif.password}).\n\n`);

let stopping = false;
const timer = setInterval(() => {
  void readDemoStatus(stack.agentUrl).then((status) => {
    if (stopping) return;
    const line = formatDemoStatus(status);
    process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  });
}, tty ? 2_000 : 15_000);

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  process.stdout.write(`\n${signal}: stopping the agent, the console, the camera simulator and Redis…\n`);
  await stack.stop();
  process.stdout.write('stopped; nothing left running.\n');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
