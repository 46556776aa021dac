#!/usr/bin/env node
// `npm run docs:screenshots`: the README's pictures, from what the browser tests just took.
// Run the browser tests first (npm test, or vitest on review-console/test/browser); this copies
// the chosen screens to docs/screenshots as small palette PNGs (900 px wide) for the README.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const root = join(import.meta.dirname, '..');
const from = join(root, 'review-console', 'test-results', 'screenshots');
const to = join(root, 'docs', 'screenshots');
const PICKS = [
  ['vi-queue-repeats-1366x768.png', 'queue.png'],
  ['vi-case-timeline-1366x768.png', 'case.png'],
  ['vi-dashboard-1366x768-full.png', 'dashboard.png'],
];

mkdirSync(to, { recursive: true });
let missing = 0;
for (const [source, target] of PICKS) {
  const path = join(from, source);
  if (!existsSync(path)) {
    console.error(`docs-screenshots: ${source} not found; run the browser tests first`);
    missing += 1;
    continue;
  }
  const info = await sharp(path).resize({ width: 900 }).png({ palette: true, colours: 128, compressionLevel: 9 }).toFile(join(to, target));
  console.log(`docs/screenshots/${target}: ${info.width}x${info.height}, ${Math.round(info.size / 1024)} KiB`);
}
process.exit(missing > 0 ? 1 : 0);
