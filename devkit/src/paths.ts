import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor whose package.json declares workspaces. */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown }).workspaces !== undefined) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the WardWatch repository root above ${from}`);
    dir = parent;
  }
}

/** Real clips beside the checkout (`../shared/fixtures`), never committed. */
export function fixturePath(name: string): string {
  return join(repoRoot(), '..', 'shared', 'fixtures', name);
}

/** Generated media (composed scenes, transcodes) lives here, outside git. */
export function cacheDir(...parts: string[]): string {
  return join(repoRoot(), '.cache', ...parts);
}
