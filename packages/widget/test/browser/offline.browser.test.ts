import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import zhCN from '../../src/app/strings/zh-cn.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('a message typed while the browser is offline, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('says once that it waits for the network (not "sending" beside it), and is delivered once back online', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/offline?lang=zh-CN`);
    await openWidget(page);
    await send(page, '在吗');
    await context.setOffline(true);
    await page.locator('[data-kefu] .banner').getByText(zhCN.offline).waitFor();
    await page.locator(W.textarea).fill('这件有货吗');
    await page.locator(W.textarea).press('Enter');
    const row = page.locator('[data-kefu] .row.pending');
    await row.getByText(zhCN.willSend).waitFor();
    // What a screen reader reads too: the row said 「发送中」 and 「联网后发送」 at once.
    expect(await row.textContent()).not.toContain(zhCN.tick.pending);
    expect(await row.getByText(zhCN.willSend).count()).toBe(1);
    await context.setOffline(false);
    await page.locator(W.mine('这件有货吗')).waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect(await page.locator(W.mine('这件有货吗')).count()).toBe(1);
    await context.close();
  });
});
