import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CONSOLE_ROOT = join(import.meta.dirname, '../../..');

export interface WebBuild {
  dir: string;
  remove(): void;
}

/**
 * Builds the web UI from the current sources into a temp folder (as production: vitest's
 * NODE_ENV=test would otherwise give React's development build), so the browser tests never run
 * against a stale web/dist and never overwrite the one a developer built.
 */
export async function buildWebUi(): Promise<WebBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'ww-web-dist-'));
  const vite = join(dirname(createRequire(join(CONSOLE_ROOT, 'package.json')).resolve('vite/package.json')), 'bin/vite.js');
  try {
    await run(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', dir, '--emptyOutDir', '--logLevel', 'error'], { cwd: CONSOLE_ROOT, env: { ...process.env, NODE_ENV: 'production' } });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
