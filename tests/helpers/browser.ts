import type { TestFn } from 'ava';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, headless, kept off the network it cannot reach anyway. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Gives a test file one Chromium for all its tests, closed after them. */
export function useBrowser<Context extends { browser: Browser }>(test: TestFn<Context>): void {
  test.before(async (t) => {
    t.context.browser = await launchChromium();
  });
  test.after.always(async (t) => {
    await t.context.browser?.close();
  });
}
