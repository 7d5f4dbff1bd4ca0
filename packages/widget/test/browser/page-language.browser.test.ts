import type { WebSocket as PageSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// Finding (QA as a shopper, 2026-12-05): on a French page the widget said hello with locale `en`,
// and a locale given holds the hub's lines to it: a shopper writing Chinese there got English.
// The widget now sends a locale only in a language it speaks; the hub follows the writing.
describe.skipIf(skip)('the widget on a page in a language it does not speak, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('sends no locale, speaks English itself, and the hub answers in the Chinese the shopper writes', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const hellos: { locale?: string }[] = [];
    page.on('websocket', (ws: PageSocket) =>
      ws.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { type?: string; locale?: string };
        if (frame.type === 'hello') hellos.push(frame);
      }),
    );
    await page.goto(`${fx.origin}/boutique?lang=fr`);
    await openWidget(page);
    expect(await page.locator('[data-kefu] textarea').getAttribute('placeholder')).toBe('Type a message…');
    await send(page, '你好，我的订单什么时候发货？');
    expect(hellos.length).toBeGreaterThan(0);
    for (const hello of hellos) expect(hello).not.toHaveProperty('locale');
    // The hub's line after the shopper's (seq 2) is in Chinese (it was "Thanks — I'm passing you…").
    const reply = page.locator('[data-kefu] .row[data-seq="3"]');
    await reply.waitFor({ timeout: 30_000 });
    expect(await reply.textContent()).toMatch(/\p{Script=Han}/u);
    const [conversation] = await fx.store.listConversations({ siteKey: 'shop' });
    expect(conversation?.locale).toBe('zh');
    await context.close();
  });

  it('marks its own words as English, so a screen reader does not read them with the page’s French voice', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/boutique?lang=fr`);
    await openWidget(page);
    // The language the box's name and placeholder are in: the nearest lang, else the page's.
    const language = () =>
      page
        .locator('[data-kefu] textarea')
        .evaluate((el) => el.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang);
    expect(await language()).toBe('en');
    // Switched to Chinese by the page: said in Chinese.
    await page.evaluate(() => (window as unknown as { Kefu(...a: unknown[]): void }).Kefu('locale', 'zh-CN'));
    await expect
      .poll(() => page.locator('[data-kefu] textarea').getAttribute('placeholder'))
      .toBe('输入消息…');
    expect(await language()).toBe('zh-CN');
    await context.close();
  });
});
