import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();
type Fixture = Awaited<ReturnType<typeof widgetFixture>>;

const badge = '[data-kefu] .b';

/** The message frames the hub sent this page, as its socket got them. */
function messagesOf(page: Page): { message: { seq: number; content: { kind: string } } }[] {
  const frames: ReturnType<typeof messagesOf> = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { type?: string };
      if (frame.type === 'message') frames.push(frame as (typeof frames)[number]);
    }),
  );
  return frames;
}

describe.skipIf(skip)('a shopper’s first visit, in Chromium against a real hub', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('shows no unread badge for the greeting a sign-in brings, and one for a notice that follows', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const frames = messagesOf(page);
    await page.goto(`${fx.origin}/orders`);
    // A page that signs the shopper in connects at once: the hub opens a conversation and greets.
    await page.evaluate(
      (token) => (window as unknown as { Kefu: (...a: unknown[]) => void }).Kefu('identify', { token }),
      fx.identity('u-first', 'Ann'),
    );
    await expect.poll(() => frames.length).toBe(1);
    expect(await page.locator(W.launcher).getAttribute('aria-label')).toBe('Chat with us');

    const notice = await fx
      .hub()
      .notify({ siteKey: 'shop', userId: 'u-first' }, { kind: 'text', text: 'Your order KF1 has shipped' });
    expect(notice).toMatchObject({ ok: true });
    await expect.poll(() => page.locator(badge).textContent()).toBe('1');
    expect(await page.locator(W.launcher).getAttribute('aria-label')).toBe('Chat with us, 1 unread');
    expect(frames.map((f) => f.message.seq)).toEqual([1, 2]);

    // Seen once the panel opens; a later word from the shop counts again while it is closed.
    await openWidget(page);
    await page.locator(W.launcher).click();
    await expect.poll(() => page.locator(badge).textContent()).toBe('');
    await fx
      .hub()
      .notify({ siteKey: 'shop', userId: 'u-first' }, { kind: 'text', text: 'It arrives Friday' });
    await expect.poll(() => page.locator(badge).textContent()).toBe('1');
    await context.close();
  });

  it('fetches only the zh-TW locale chunk on a Traditional Chinese page', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const chunks: string[] = [];
    page.on('request', (r) => {
      const name = /\/widget\/(kefu-[\w-]+\.js)$/.exec(r.url())?.[1];
      if (name) chunks.push(name);
    });
    await page.goto(`${fx.origin}/p/zh?lang=zh-TW`);
    await openWidget(page);
    expect(await page.locator(W.textarea).getAttribute('placeholder')).toBe('輸入訊息…');
    expect(chunks.filter((c) => /^kefu-(en|zh-cn|zh-tw)\.js$/.test(c))).toEqual(['kefu-zh-tw.js']);
    await context.close();
  });
});
