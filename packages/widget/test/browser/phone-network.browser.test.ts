import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { cuttableProxy } from '../../../sdk/src/testing/cuttable-proxy.ts';
import en from '../../src/app/strings/en.ts';
import { openWidget, send, W, welcomesOf, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** The page's console errors and uncaught exceptions: the widget must leave the shop's console clean. */
function consoleOf(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => void problems.push(e.message));
  return problems;
}

// What a shopper on a phone meets (QA on a phone's network, 2026-12-05): a screen locked mid-send,
// the connection cut meanwhile, two tabs writing while offline.
describe.skipIf(skip)('the widget on a phone network, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  const restoreStore: (() => void)[] = [];
  beforeAll(async () => {
    fx = await widgetFixture();
    proxy = await cuttableProxy('127.0.0.1', Number(new URL(fx.origin).port));
  });
  afterEach(() => {
    for (const restore of restoreStore.splice(0)) restore();
  });
  afterAll(async () => {
    await proxy?.close();
    await fx?.close();
  });

  /** The shopper's texts the hub stored, in order. */
  const stored = async (conversationId: string) =>
    (await fx.store.listMessages(conversationId, { afterSeq: 0, limit: 100 }))
      .filter((m) => m.author.kind === 'shopper' && m.content.kind === 'text')
      .map((m) => (m.content as { text: string }).text);

  it('a tab frozen mid-send (screen locked) whose connection is cut meanwhile: sent once, the reply counted once as unread', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const problems = consoleOf(page);
    const welcomes = welcomesOf(page);
    await page.goto(`${fx.origin}/p/boots?hub=ws://127.0.0.1:${proxy.port}/kefu`);
    await page.evaluate(
      (token) => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('identify', { token }),
      fx.identity('u-frozen', 'Fen'),
    );
    await openWidget(page);
    await send(page, 'do these run small?');
    // The hub stores the next message but answers late: the ack is still to come when the screen locks.
    const append = fx.store.appendMessage.bind(fx.store);
    let stall = () => {};
    const acked = new Promise<void>((resolve) => {
      stall = resolve;
    });
    fx.store.appendMessage = async (input, expectation) => {
      const result = await append(input, expectation);
      if (input.author.kind === 'shopper') await acked;
      return result;
    };
    restoreStore.push(() => {
      fx.store.appendMessage = append;
      stall();
    });
    await page.locator(W.textarea).fill('size 38 please');
    await page.locator(W.textarea).press('Enter');
    await expect.poll(() => stored(welcomes[0]?.conversation.id ?? '')).toContain('size 38 please');
    await page.locator(W.launcher).click();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    // While frozen: the connection dies with the ack unsent, and the shop replies.
    await proxy.cut();
    fx.store.appendMessage = append;
    stall();
    await proxy.restore();
    const reply = await fx
      .hub()
      .notify({ siteKey: 'shop', userId: 'u-frozen' }, { kind: 'text', text: 'They run true to size' });
    expect(reply).toMatchObject({ ok: true });
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await expect
      .poll(() => page.locator(W.launcher).getAttribute('aria-label'), { timeout: 30_000 })
      .toBe(en.launcher + en.unread(1));
    await openWidget(page);
    await page.locator('[data-kefu] .row.them .bubble >> text="They run true to size"').waitFor();
    await page.locator(W.mine('size 38 please')).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-kefu] .row.pending').count()).toBe(0);
    expect(await page.locator(W.mine('size 38 please')).count()).toBe(1);
    expect(await page.locator('[data-kefu] .bubble >> text="They run true to size"').count()).toBe(1);
    expect(await stored(welcomes[0]?.conversation.id ?? '')).toEqual([
      'do these run small?',
      'size 38 please',
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('two tabs writing in turn while offline: each message stored once, in the order typed, shown once in both', async () => {
    const context = await fx.browserProfile();
    const [a, b] = [await context.newPage(), await context.newPage()];
    const problems = [a, b].map(consoleOf);
    const welcomes = welcomesOf(a);
    await a.goto(`${fx.origin}/p/1`);
    await openWidget(a);
    await send(a, 'first');
    await b.goto(`${fx.origin}/p/2`);
    await openWidget(b);
    await b.locator(W.mine('first')).waitFor();
    await context.setOffline(true);
    await a.locator('[data-kefu] .banner').getByText(en.offline).waitFor();
    const typed = ['one', 'two', 'three', 'four', 'five', 'six'];
    for (const [i, text] of typed.entries()) {
      const tab = i % 2 ? b : a;
      await tab.locator(W.textarea).fill(text);
      await tab.locator(W.textarea).press('Enter');
    }
    // Both tabs show all six as waiting for the network (one outbox, shared by the tabs).
    for (const tab of [a, b])
      await expect.poll(() => tab.locator('[data-kefu] .row.pending').count()).toBe(typed.length);
    await context.setOffline(false);
    for (const tab of [a, b]) {
      await tab.locator(W.mine('six')).waitFor({ timeout: 30_000 });
      await expect.poll(() => tab.locator('[data-kefu] .row.pending').count()).toBe(0);
      expect(await tab.locator('[data-kefu] .row.me[data-seq] .bubble').allTextContents()).toEqual([
        'first',
        ...typed,
      ]);
    }
    expect(await stored(welcomes[0]?.conversation.id ?? '')).toEqual(['first', ...typed]);
    expect(problems.flat()).toEqual([]);
    await context.close();
  });
});
