import { createWriteStream, mkdirSync } from 'node:fs';
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
// Every line the console and the agent print, for the user to read when something looks wrong.
mkdirSync(join(dataDir, 'logs'), { recursive: true });
const logPath = join(dataDir, 'logs', 'demo.log');
const logFile = createWriteStream(logPath, { flags: 'a' });

process.stdout.write(`WardWatch demo — starting Redis, the console, the camera simulator and the agent (data in ${dataDir})…\n`);
const stack = await startDemoStack({
  dataDir,
  redisUrl: process.env.REDIS_URL,
  // The console's usual port when it is free, so the URL is the one the README shows.
  consolePort: process.env.PORT ? Number(process.env.PORT) : await preferredPort(8080),
  onLog: (source, line) => {
    logFile.write(`[${source}] ${line}\n`);
  },
});

const officer = stack.credentials.find((c) => c.role === 'officer' && c.username.endsWith('hoankiem'));
process.stdout.write(`\nConsole: ${stack.consoleUrl}\n`);
process.stdout.write('Sign in as (username / role / password):\n');
for (const c of stack.credentials) process.stdout.write(`  ${c.username.padEnd(16)} ${c.role.padEnd(11)} ${c.password ?? '(unchanged)'}\n`);
process.stdout.write(`\nThe ward officer of ${stack.ward} is "${officer?.username ?? 'canbo.hoankiem'}". Violations appear within a minute or two, again on every loop of the scenes.\nAgent status: ${stack.agentUrl}/status · logs: ${logPath} · Ctrl-C stops everything.\n`);
process.stdout.write(
  `Installers: the demo has a third, ONVIF camera to add with "Find cameras" (Agents > demo-agent > Add camera): type ${stack.onvif.address} as the camera address (it answers only there, not to a search of the whole network), user ${stack.onvif.user}, password ${stack.onvif.password}.\n\n`,
);

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
