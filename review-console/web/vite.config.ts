import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type PluginOption } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// The workspace builds with its own vite 7 while @vitejs/plugin-react is hoisted beside the root's
// vite 8, so the plugin's declared types name the other copy; the plugin object works with both.
const reactPlugin = react() as unknown as PluginOption;

/*
 * The console serves web/dist itself (static files with an index.html fallback), so the build is
 * plain static assets under one absolute base; no dev server is part of production.
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [reactPlugin],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    // `vite --config web/vite.config.ts` during development talks to a console on :8080.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
