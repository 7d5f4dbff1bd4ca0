import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../test/servers.ts';
import { consoleShift, until } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('canned replies in the conversation’s language (Chromium)', () => {
  const shift = consoleShift();

  /** A shopper on a page in `locale` who asks for a person and is handed to Mei. */
  async function handedToMei(locale: string, ask: string): Promise<string> {
    const client = createShopperClient({
      url: shift.fx.hubUrl,
      siteKey: 'demo',
      locale,
      storage: memoryStorage(),
      WebSocket,
      origin: shift.fx.origin,
    });
    shift.shoppers.push(client);
    client.connect();
    await until(() => client.status === 'open' && client.session !== undefined, 'the shopper’s welcome');
    client.send(ask);
    await until(() => client.state?.status === 'assigned', 'Mei to get the conversation');
    return client.conversationId!;
  }

  it('inserts the English greeting on "/" then Enter in an English conversation, the Chinese one in a Chinese', async () => {
    // The console itself in Chinese: the agent's language is not the shopper's.
    const context = await shift.browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`${shift.fx.origin}/console?lang=zh`);
    await page.locator('[data-token="demo-mei-7f3c9a1e5b2d8c4f"]').click();
    await page.locator('header.top .conn-open').waitFor();

    const english = await handedToMei('en-GB', 'Talk to a person please');
    await page.locator(`.conv-tab[data-conversation="${english}"] [role=tab]`).click();
    const box = page.locator(`#composer-${english}`);
    await box.click();
    await page.keyboard.type('/');
    const options = page.locator(`#canned-${english} [role=option]`);
    await options.first().waitFor();
    const offered = await options.evaluateAll((els) => els.map((e) => e.getAttribute('data-canned')));
    // English first, then the Chinese ones after.
    expect(offered.slice(0, 2)).toEqual(['greet-en', 'track-en']);
    expect(offered).toContain('greet-zh');
    expect(offered.findIndex((id) => id?.endsWith('-zh'))).toBeGreaterThan(
      offered.findLastIndex((id) => id?.endsWith('-en')),
    );
    await page.keyboard.press('Enter');
    expect(await box.inputValue()).toMatch(/^Hi .*, thanks for waiting — how can I help\?$/);

    const chinese = await handedToMei('zh-CN', '转人工');
    await page.locator(`.conv-tab[data-conversation="${chinese}"] [role=tab]`).click();
    const zhBox = page.locator(`#composer-${chinese}`);
    await zhBox.click();
    await page.keyboard.type('/');
    await page.locator(`#canned-${chinese} [role=option]`).first().waitFor();
    await page.keyboard.press('Enter');
    expect(await zhBox.inputValue()).toMatch(/^您好 .*，我是客服，很高兴为您服务～$/);
  });
});
