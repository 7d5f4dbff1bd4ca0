import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './servers.ts';

let shared: Promise<Browser> | undefined;

/**
 * One Chromium for the browser test files of a worker (the browser project shares one module graph
 * per worker, which runs one file at a time): launching and closing one per file or per test took
 * 2–4 s each on a busy two-core machine, a fifth of the suite's then sequential browser phase.
 * Each test works in contexts of its own, which {@link releaseChromium} closes; Playwright ends the
 * browser with the worker's process.
 */
export async function sharedChromium(): Promise<Browser> {
  shared ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const browser = await shared;
  if (browser.isConnected()) return browser;
  // A crashed browser is not handed to the next file.
  shared = undefined;
  return sharedChromium();
}

/** The page a test left to the next (see {@link reusablePage}). */
let spare: Page | undefined;
/** The origins each reusable page has shown since it was last reset: whose storage the reset clears. */
const shown = new WeakMap<Page, Set<string>>();

/**
 * A page alone in a context of its own, at `about:blank` with `viewport`: the one the previous test
 * left with {@link releaseChromium} when there is one. A new page starts a renderer process (about
 * half a second of CPU); navigating a kept one costs a fraction of that. Only for a test that gives
 * the page no init script and no exposed function (those cannot be taken off a page) and needs no
 * context option but the viewport; what else a test can change is undone before the next gets it.
 * @example
 * const page = await reusablePage(browser, { width: 1280, height: 800 });
 * // … after the test:
 * await releaseChromium(browser, page);
 */
export async function reusablePage(
  browser: Browser,
  viewport: { width: number; height: number },
): Promise<Page> {
  const kept = spare;
  spare = undefined;
  if (kept && !kept.isClosed() && kept.context().browser() === browser) {
    await kept.setViewportSize(viewport);
    return kept;
  }
  const page = await (await browser.newContext({ viewport })).newPage();
  track(page);
  return page;
}

function track(page: Page): void {
  const origins = new Set<string>();
  page.on('framenavigated', (frame) => {
    const { origin } = new URL(frame.url());
    if (origin.startsWith('http')) origins.add(origin);
  });
  shown.set(page, origins);
}

/**
 * Undoes what a test did to a kept page: its other tabs, listeners, routes, offline mode, permissions,
 * mouse position, and every origin's storage it touched (cookies, local and session storage, IndexedDB,
 * caches, service workers). False when it cannot (the page or its context closed, anything failing).
 */
async function reset(page: Page): Promise<boolean> {
  const origins = shown.get(page);
  if (page.isClosed() || !origins) return false;
  const context = page.context();
  try {
    for (const other of context.pages()) if (other !== page) await other.close();
    page.removeAllListeners();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.setOffline(false);
    await context.clearPermissions();
    // Off the app first, so that nothing writes to storage after it is cleared.
    await page.goto('about:blank');
    const cdp = await context.newCDPSession(page);
    // 'all' takes the tab's session storage for the origin too (Chromium 156).
    for (const origin of origins)
      await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await cdp.detach();
    await context.clearCookies();
    await page.mouse.move(0, 0);
    track(page);
    return true;
  } catch {
    return false;
  }
}

/**
 * Closes what a test opened in the shared Chromium (its contexts and their pages), not the browser;
 * `keep`, reset, stays open for the next test's {@link reusablePage}.
 */
export async function releaseChromium(browser: Browser, keep?: Page): Promise<void> {
  const kept = keep && (await reset(keep)) ? keep : undefined;
  spare = kept;
  await Promise.all(
    browser
      .contexts()
      .filter((context) => context !== kept?.context())
      .map((context) => context.close().catch(() => {})),
  );
}
