import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './servers.ts';

let shared: Promise<Browser> | undefined;

/**
 * One Chromium for the browser test files of a worker (the browser project shares one module graph
 * and runs its files one at a time): launching and closing one per file or per test took 2–4 s each
 * on a busy two-core machine, a fifth of the suite's sequential browser phase. Each test works in
 * contexts of its own, which {@link releaseChromium} closes; Playwright ends the browser with the
 * worker's process.
 */
export async function sharedChromium(): Promise<Browser> {
  shared ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const browser = await shared;
  if (browser.isConnected()) return browser;
  // A crashed browser is not handed to the next file.
  shared = undefined;
  return sharedChromium();
}

/** Closes what a test opened in the shared Chromium (its contexts and their pages), not the browser. */
export async function releaseChromium(browser: Browser): Promise<void> {
  await Promise.all(browser.contexts().map((context) => context.close().catch(() => {})));
}
