import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** The launcher says it is busy, and pulses. */
const waiting = async (page: Page) => ({
  busy: await page.locator(W.launcher).getAttribute('aria-busy'),
  pulsing: await page
    .locator(W.launcher)
    .evaluate((l) => l.getAnimations({ subtree: true }).some((a) => a.playState === 'running')),
});

/** Holds the requests for a file of the widget until `release()`, then lets them through. */
async function hold(page: Page, file: RegExp) {
  const held: Route[] = [];
  let open = false;
  await page.route(file, (route) => (open ? route.continue() : void held.push(route)));
  return {
    asked: () => held.length,
    release: async () => {
      open = true;
      for (const route of held.splice(0)) await route.continue();
    },
  };
}

// Finding (QA as a shopper on a slow phone network, 2026-12-07): a click on the launcher before the
// chat app (or its words) had arrived changed nothing on screen for seconds, so shoppers clicked
// again, which closed the chat as it came, or gave up.
describe.skipIf(skip)('the launcher while the chat it opens is on its way, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('is busy from the click until the app has drawn the panel', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const app = await hold(page, /kefu-app\.js/);
    await page.goto(`${fx.origin}/slow-app`);
    await expect.poll(app.asked, { timeout: 30_000 }).toBe(1);
    expect(await waiting(page)).toEqual({ busy: null, pulsing: false });
    await page.locator(W.launcher).click();
    expect(await waiting(page)).toEqual({ busy: 'true', pulsing: true });
    await app.release();
    await page.locator(W.textarea).waitFor();
    expect(await waiting(page)).toEqual({ busy: 'false', pulsing: false });
    await context.close();
  });

  // Finding (shopper QA, 2026-12-07): the pulse ran for a shopper whose system asks for reduced
  // motion (vestibular disorders, a migraine): the launcher says it is busy without it there.
  it('says it is busy without pulsing when the shopper asked for reduced motion', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const app = await hold(page, /kefu-app\.js/);
    await page.goto(`${fx.origin}/slow-app-still`);
    await expect.poll(app.asked, { timeout: 30_000 }).toBe(1);
    await page.locator(W.launcher).click();
    expect(await waiting(page)).toEqual({ busy: 'true', pulsing: false });
    await app.release();
    await page.locator(W.textarea).waitFor();
    await context.close();
  });

  it('is busy until the words of the chat have come too', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const words = await hold(page, /kefu-en\.js/);
    await page.goto(`${fx.origin}/slow-words`);
    await expect.poll(words.asked, { timeout: 30_000 }).toBe(1);
    await page.locator(W.launcher).click();
    expect(await waiting(page)).toEqual({ busy: 'true', pulsing: true });
    await words.release();
    await page.locator(W.textarea).waitFor();
    expect(await waiting(page)).toEqual({ busy: 'false', pulsing: false });
    await context.close();
  });

  it('stops being busy when the app could not be fetched, and the next click fetches it again', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    let refused = 0;
    let down = true;
    await page.route(/kefu-app\.js/, (route) => {
      if (!down) return route.continue();
      refused++;
      return route.abort('internetdisconnected');
    });
    await page.goto(`${fx.origin}/app-refused`);
    await expect.poll(() => refused, { timeout: 30_000 }).toBe(1);
    await page.locator(W.launcher).click();
    await expect.poll(() => refused, { timeout: 30_000 }).toBe(2);
    await expect.poll(() => waiting(page)).toEqual({ busy: null, pulsing: false });
    down = false;
    await page.locator(W.launcher).click();
    await page.locator(W.textarea).waitFor();
    await context.close();
  });

  it('opens the chat by itself once the browser is back online, when the shopper clicked offline', async () => {
    const context = await fx.phoneProfile({ width: 320, height: 568 });
    const page = await context.newPage();
    let refused = 0;
    await page.route(/kefu-app\.js/, (route) =>
      refused++ ? route.continue() : route.abort('internetdisconnected'),
    );
    await page.goto(`${fx.origin}/tunnel?viewport`);
    await expect.poll(() => refused, { timeout: 30_000 }).toBe(1);
    await context.setOffline(true);
    await page.locator(W.launcher).click();
    await expect.poll(() => waiting(page)).toEqual({ busy: null, pulsing: false });
    await context.setOffline(false);
    await page.locator(W.textarea).waitFor();
    await context.close();
  });
});
