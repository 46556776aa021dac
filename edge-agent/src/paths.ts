import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest ancestor whose package.json declares workspaces. Works the
 * same from `src/` (tests) and `dist/src/` (the built CLI).
 */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (pkg.workspaces !== undefined) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the WardWatch repository root above ${from}`);
    dir = parent;
  }
}

/** `../shared` beside the checkout: real clips and model weights that are never committed. */
export function sharedDir(): string {
  return join(repoRoot(), '..', 'shared');
}
