import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker module `name` that sits next to the module `self` (its import.meta.url). The
 * CLI runs compiled JS from dist/; tests and dev tools run the TypeScript sources, and a .ts worker
 * is loaded through tsx's API from a tiny eval bootstrap, because Node 20 does not apply
 * `--import tsx` hooks to a worker's entry file. tsx is found from this package, not from the
 * working directory: an agent started in a site folder has no node_modules there.
 */
export function startModuleWorker(self: string, name: string, options: WorkerOptions = {}): Worker {
  if (!self.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, self), options);
  const entry = JSON.stringify(new URL(`./${name}.ts`, self).href);
  const api = JSON.stringify(tsxApiUrl());
  return new Worker(`import(${api}).then((tsx) => { tsx.register(); return import(${entry}); });`, { ...options, eval: true });
}

function tsxApiUrl(): string {
  // The ESM entry of the package's `tsx/esm/api` export.
  const root = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  return pathToFileURL(join(root, 'dist', 'esm', 'api', 'index.mjs')).href;
}
