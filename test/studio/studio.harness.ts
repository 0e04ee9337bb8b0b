/**
 * Browser side of the studio and panel tests: Debian's Chromium driven by playwright-core (no
 * browser download), screenshots at the two sizes the issue asks for, and page-weight figures read
 * from the browser's own Resource Timing entries.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

export const SCREENSHOTS = path.resolve(__dirname, '../../.tmp/studio-screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
  });
}

/** Saves the page at 1280x800 and at 390x844 (full page), then puts the viewport back. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [
    ['1280x800', DESKTOP],
    ['390x844', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
}

/** Bytes of script the page loaded, as the browser counted them (Resource Timing transferSize). */
export async function scriptBytes(page: Page): Promise<{ transferred: number; decoded: number }> {
  return page.evaluate(() => {
    type Timing = { initiatorType: string; transferSize: number; decodedBodySize: number };
    const entries = performance.getEntriesByType('resource') as unknown as Timing[];
    const scripts = entries.filter((e) => e.initiatorType === 'script');
    return {
      transferred: scripts.reduce((n, e) => n + e.transferSize, 0),
      decoded: scripts.reduce((n, e) => n + e.decodedBodySize, 0),
    };
  });
}
