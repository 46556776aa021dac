import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser; WARDWATCH_CHROMIUM overrides the path. */
const CHROMIUM = process.env.WARDWATCH_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserPlay {
  /** `canPlayType` for the clip's codec string, as the page answered. */
  canPlay: string;
  /** The clip played past one second with `play()`. */
  played: boolean;
  error?: string;
}

/**
 * Each clip as an officer's stock browser meets it: Debian's Chromium asked whether it can play
 * the codec (`avc1.*` or `hvc1.*`) and made to `play()` the file until a second has gone by.
 * Clips are served over HTTP with byte ranges, as the console serves them.
 */
export async function playInChromium(clips: readonly { path: string; codec: 'h264' | 'hevc' }[]): Promise<BrowserPlay[]> {
  const server = createServer((req, res) => {
    if (req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>clips</title><body></body>');
    const index = Number(/^\/clip\/(\d+)\.mp4$/.exec(req.url ?? '')?.[1]);
    const clip = clips[index];
    if (!clip) return void res.writeHead(404).end();
    const size = statSync(clip.path).size;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
      res.writeHead(206, { 'content-type': 'video/mp4', 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}`, 'accept-ranges': 'bytes' });
      createReadStream(clip.path, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': size, 'accept-ranges': 'bytes' });
    createReadStream(clip.path).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'ww-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required'] });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/`);
    const results: BrowserPlay[] = [];
    for (const [index, clip] of clips.entries()) {
      const type = clip.codec === 'h264' ? 'video/mp4; codecs="avc1.640028"' : 'video/mp4; codecs="hvc1.1.6.L93.B0"';
      // A visible, muted video: Chromium pauses muted videos it cannot see.
      // The page's code as text: this package is typed for Node, not the DOM.
      const outcome = await page.evaluate<BrowserPlay>(`(async () => {
        document.body.innerHTML = '';
        const video = document.createElement('video');
        video.muted = true;
        video.style.width = '320px';
        document.body.append(video);
        const canPlay = video.canPlayType(${JSON.stringify(type)});
        video.src = ${JSON.stringify(`${base}/clip/${index}.mp4`)};
        try {
          await video.play();
        } catch (error) {
          return { canPlay, played: false, error: String(error) };
        }
        const deadline = Date.now() + 15000;
        while (video.currentTime < 1 && !video.error && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        return { canPlay, played: video.currentTime >= 1, ...(video.error ? { error: 'media error ' + video.error.code } : {}) };
      })()`);
      results.push(outcome);
    }
    return results;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    server.close();
  }
}
