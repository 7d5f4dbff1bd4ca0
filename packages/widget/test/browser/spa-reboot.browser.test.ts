import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/**
 * Counts the listeners the page's window and document hold, by type, as added minus removed: a
 * widget shut down must leave none of its own behind.
 */
function countListeners(): void {
  const counts: Record<string, number> = {};
  (window as unknown as { kefuListeners: Record<string, number> }).kefuListeners = counts;
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  const tracked = (target: EventTarget) => target === window || target === document;
  EventTarget.prototype.addEventListener = function (this: EventTarget, type, listener, options) {
    if (tracked(this)) counts[type] = (counts[type] ?? 0) + 1;
    return add.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type, listener, options) {
    if (tracked(this)) counts[type] = (counts[type] ?? 0) - 1;
    return remove.call(this, type, listener, options);
  };
}

describe.skipIf(skip)('the widget module in a single-page shop, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  /** The listener counts that are not zero. */
  const listeners = async (page: Page) =>
    Object.fromEntries(
      Object.entries(
        await page.evaluate(
          () => (window as unknown as { kefuListeners: Record<string, number> }).kefuListeners,
        ),
      ).filter(([, n]) => n !== 0),
    );

  // A route change logs the shopper out of the widget (shutdown), the next route wants it back (boot).
  it('boots a fresh widget after a shutdown: one launcher, one socket, no listener left behind', async () => {
    const context = await fx.browserProfile();
    await context.addInitScript(countListeners);
    const page = await context.newPage();
    let open = 0;
    page.on('websocket', (ws) => {
      open++;
      ws.on('close', () => open--);
    });
    await page.goto(`${fx.origin}/spa?bare`);
    const before = await listeners(page);
    // A string: the test runner would rewrite an `import()` written in a function.
    const boot = () =>
      page.evaluate(`import('/widget/kefu.mjs').then((m) => {
        window.kefuModule = m;
        m.boot({ site: 'shop', hub: ${JSON.stringify(fx.hubUrl)}, load: 'eager' });
      })`);
    await boot();
    await openWidget(page);
    await send(page, 'before the route change');
    const booted = await listeners(page);
    await page.evaluate('window.kefuModule.Kefu("shutdown")');
    await expect.poll(() => page.locator('[data-kefu]').count()).toBe(0);
    await expect.poll(() => open).toBe(0);
    expect(await listeners(page)).toEqual(before);

    await boot();
    // The chat was open on the last route: it is open again on this one.
    await page.locator(W.mine('before the route change')).waitFor();
    await send(page, 'after the route change');
    expect(await page.locator('[data-kefu]').count()).toBe(1);
    expect(open).toBe(1);
    expect(await listeners(page)).toEqual(booted);
    await context.close();
  });
});
