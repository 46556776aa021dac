import { defineConfig } from 'vitest/config';

/*
 * One run covers every workspace. Integration and end-to-end tests start real ffmpeg, Redis,
 * PostgreSQL, RTSP servers and Chromium, so timeouts are generous and files run two at a time
 * (the project machines have two cores).
 */
export default defineConfig({
  test: {
    include: ['{contracts,devkit,edge-agent,review-console}/{src,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
