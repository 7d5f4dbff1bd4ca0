import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { shopperId } from '../../../sdk/src/shopper-id.ts';
import { agent, until } from '../../../sdk/src/testing/hub-fixture.ts';
import { openWidget, SUPERVISOR_TOKEN, send, W, welcomesOf, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** What the page holds in localStorage for the widget, as the next script on it would read it. */
const kefuStorage = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries(Object.entries(localStorage).filter(([key]) => key.startsWith('kefu:shop:'))),
  );
const conversationIdOf = async (page: Page) =>
  (JSON.parse((await kefuStorage(page))['kefu:shop:state'] ?? '{}') as { conversationId?: string })
    .conversationId;

describe.skipIf(skip)('the widget in Chromium, on what it tells the hub and leaves behind', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  // The shadow root is open: FullStory, Hotjar, LogRocket, rrweb/PostHog, Sentry and Clarity
  // recorded the transcript along with the shop's page until the host said not to.
  it("marks the widget's host so session-replay scripts on the page leave it out", async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/replay`);
    await openWidget(page);
    const host = page.locator(':root>[data-kefu]');
    for (const name of ['fs-exclude', 'rr-block', 'ph-no-capture', 'sentry-block'])
      expect(await host.evaluate((el, n) => el.classList.contains(n), name)).toBe(true);
    for (const name of ['data-hj-suppress', 'data-private', 'data-clarity-mask'])
      expect(await host.getAttribute(name)).toBe('true');
    await context.close();
  });

  it("never sends the page's query or fragment (reset tokens) to the hub, on load or on setContext", async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/account/reset?reset=RESET-SECRET-q1w2e3#token=FRAGMENT-SECRET-z9x8`);
    await openWidget(page);
    await send(page, 'I cannot reset my password');
    const id = await conversationIdOf(page);
    expect(id).toBeDefined();
    const conversation = async () => fx.store.getConversation(id as string);
    expect((await conversation())?.page?.url).toBe(`${fx.origin}/account/reset`);

    // A single-page app moves on and tells the widget; the address it reads carries a session id.
    await page.evaluate(() => {
      history.pushState(null, '', '/p/coat?session=SESSION-SECRET-5t6y#email=alice%40example.com');
      const { Kefu } = window as unknown as { Kefu: (...args: unknown[]) => void };
      Kefu('setContext', { product: { id: 'coat-1', title: 'Wool coat' } });
    });
    // The store answers asynchronously: poll it (no fixed sleep) until the context has arrived.
    await expect.poll(async () => (await conversation())?.page?.product?.id).toBe('coat-1');
    expect((await conversation())?.page?.url).toBe(`${fx.origin}/p/coat`);

    // The agent's view of the conversation, and everything the hub stored of it.
    const boss = agent(fx.hubUrl, SUPERVISOR_TOKEN);
    await boss.connect();
    expect((await boss.join(id as string)).page?.url).toBe(`${fx.origin}/p/coat`);
    boss.disconnect();
    const stored = JSON.stringify([
      await conversation(),
      await fx.store.listMessages(id as string, { limit: 100 }),
    ]);
    for (const secret of ['RESET-SECRET', 'FRAGMENT-SECRET', 'SESSION-SECRET', 'alice%40example.com'])
      expect(stored).not.toContain(secret);
    await context.close();
  });

  it("Kefu('logout') on a shared computer: after a reload the next visitor starts empty, as a new shopper", async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const welcomes = welcomesOf(page);
    await page.goto(`${fx.origin}/account`);
    const token = await fx.identity('alice-42', 'Alice');
    await page.evaluate(
      (t) => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('identify', { token: t }),
      token,
    );
    await openWidget(page);
    await send(page, "Alice's private question about order 7731");
    await until(() => welcomes.some((w) => w.shopper.identified), 'an identified welcome');
    const alice = welcomes.findLast((w) => w.shopper.identified);
    expect(alice?.shopper.id).toBe('u:alice-42');
    const aliceDevice = JSON.parse((await kefuStorage(page))['kefu:shop:state'] ?? '{}').deviceId;

    await page.evaluate(() => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('logout'));
    // At once, before any reload: the panel is closed and nothing of Alice's is kept.
    expect(await page.locator(W.launcher).getAttribute('aria-expanded')).toBe('false');
    const left = await kefuStorage(page);
    expect(Object.keys(left).sort()).toEqual(['kefu:shop:outbox', 'kefu:shop:state']);
    expect(left['kefu:shop:outbox']).toBe('[]');
    const state = JSON.parse(left['kefu:shop:state'] ?? '{}');
    expect(Object.keys(state)).toEqual(['deviceId']);
    expect(state.deviceId).not.toBe(aliceDevice);

    // The next person on this computer.
    await page.reload();
    const before = welcomes.length;
    await openWidget(page);
    await until(() => welcomes.length > before, 'the next visitor’s welcome');
    const next = welcomes.at(-1);
    expect(next?.shopper.identified).toBe(false);
    expect(next?.shopper.id).toBe(shopperId('d', state.deviceId));
    expect(next?.conversation.id).not.toBe(alice?.conversation.id);
    expect(await page.locator('[data-kefu] .row.me').count()).toBe(0);
    await send(page, 'Hello, I am Bob');
    expect(await page.locator('[data-kefu] .bubble', { hasText: 'order 7731' }).count()).toBe(0);
    await context.close();
  });

  it('a logout in one tab empties the widget in the other tab, which never writes the old session back', async () => {
    const context = await fx.browserProfile();
    const first = await context.newPage();
    await first.goto(`${fx.origin}/account`);
    const token = await fx.identity('carol-7', 'Carol');
    await first.evaluate(
      (t) => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('identify', { token: t }),
      token,
    );
    await openWidget(first);
    await send(first, 'Carol writes from the first tab');
    const second = await context.newPage();
    await second.goto(`${fx.origin}/orders`);
    await openWidget(second);
    await second.locator(W.mine('Carol writes from the first tab')).waitFor();

    const carol = JSON.parse((await kefuStorage(first))['kefu:shop:state'] ?? '{}');
    expect(carol.user).toBeDefined();
    await first.evaluate(() => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('logout'));
    await second.locator(W.mine('Carol writes from the first tab')).waitFor({ state: 'detached' });
    // The second tab's panel was open: it reconnected at once, as the new anonymous shopper (the
    // tabs may each draw a device id for a moment; they settle on the one stored last).
    await second.waitForFunction(() => localStorage.getItem('kefu:shop:state')?.includes('conversationId'));
    const state = JSON.parse((await kefuStorage(second))['kefu:shop:state'] ?? '{}');
    expect(state.deviceId).not.toBe(carol.deviceId);
    expect(state.conversationId).not.toBe(carol.conversationId);
    expect(state.user).toBeUndefined();
    expect(await second.locator('[data-kefu] .row.me').count()).toBe(0);
    await context.close();
  });
});
