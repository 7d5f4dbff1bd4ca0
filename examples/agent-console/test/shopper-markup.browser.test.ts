import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../test/servers.ts';
import { consoleShift, until } from './console-fixture.ts';

const skip = await chromiumMissing();

/** Markup that runs script wherever it is parsed as HTML, or followed as a link. */
const markup = (field: string) => `<img src=x onerror=ran.push('${field}')><svg onload=ran.push('${field}')>`;
const scriptUrl = (field: string) => `javascript:window.ran.push('${field}')`;

// Stored XSS, as an agent meets it: everything an anonymous shopper chooses and the console shows
// (their messages, the page they report and its product), written as markup and
// script URLs. The console renders text as text, so nothing runs and the markup reads as typed.
describe.skipIf(skip)("a shopper's markup in the console (Chromium)", () => {
  const shift = consoleShift({ each: true });

  it('shows every field as text and runs none of it', async () => {
    const page = await shift.signIn();
    await page.evaluate(() => {
      (window as unknown as { ran: string[] }).ran = [];
    });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const shopper = createShopperClient({
      url: shift.fx.hubUrl,
      siteKey: 'demo',
      // The hello's locale is checked against a pattern (no markup gets in).
      locale: 'en',
      storage: memoryStorage(),
      WebSocket,
      origin: shift.fx.origin,
      page: {
        url: scriptUrl('page.url'),
        title: markup('page.title'),
        product: {
          id: 'p1',
          title: markup('product.title'),
          url: scriptUrl('product.url'),
          image: scriptUrl('product.image'),
          category: markup('product.category'),
        },
      },
    });
    shift.shoppers.push(shopper);
    shopper.connect();
    shopper.send('I want a human');
    await until(() => shopper.state?.status === 'assigned', 'the shopper assigned');
    shopper.send(markup('message'));
    shopper.send(`[click](${scriptUrl('message.link')}) ${scriptUrl('message.bare')}`);
    const pane = page.locator('#conversation-pane');
    await pane.getByText(markup('message')).waitFor();
    // The markup reads as the shopper typed it, where the agent sees the page and its product.
    for (const field of ['page.title', 'product.title'])
      await page.getByText(markup(field), { exact: true }).first().waitFor();
    // Every link the console drew from the shopper's fields: none is a script URL.
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(hrefs.filter((href) => /^\s*javascript:/i.test(href ?? ''))).toEqual([]);
    expect(await page.locator('img[src="x"], img[onerror], svg[onload]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { ran: string[] }).ran)).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
