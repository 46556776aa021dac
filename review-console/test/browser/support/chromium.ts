import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser; WARDWATCH_CHROMIUM overrides the path. */
export const CHROMIUM = process.env.WARDWATCH_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Viewport {
  width: number;
  height: number;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile (cookies, localStorage) that is deleted on close. The
 * browser's own time zone is London on purpose: the UI must show Hanoi time whatever the machine says.
 */
export async function openBrowser(viewport: Viewport, locale = 'vi-VN'): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'ww-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: [...ARGS, `--lang=${locale}`], viewport, timezoneId: 'Europe/London', locale });
    context.setDefaultTimeout(30_000);
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}
