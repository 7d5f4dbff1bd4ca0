import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { send, W, welcomesOf, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

const TRACKING = 'SF1234567890123456789012345678901234567890';
const URL_TEXT = `https://www.sf-express.com/cn/sc/dynamic_function/waybill/#search/bill-number/${TRACKING}`;

// Finding (QA as a shopper on a phone, 2026-12-06): a ticket's latest update with a tracking number
// and its link ran past the right edge of a 360 px panel and was cut off there: the note, unlike the
// message bubbles, did not break a word that is longer than its line.
describe.skipIf(skip)('long unbroken text on a phone, in Chromium against a real hub', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it("wraps an order number and a link within the panel: in a message and in the ticket's latest update", async () => {
    const context = await fx.phoneProfile();
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 640 });
    const welcomes = welcomesOf(page);
    await page.goto(`${fx.origin}/long?lang=zh-CN&viewport`);
    await page.locator(W.launcher).tap();
    await page.locator(W.textarea).fill(`订单号${TRACKING} 物流 ${URL_TEXT}`);
    await page.locator(W.textarea).press('Enter');
    await page.locator('[data-kefu] .row.me[data-seq] .bubble a').waitFor();
    const conversationId = welcomes.at(-1)!.conversation.id;
    // Nobody is in: asked for a person, the shopper gets a ticket, and its note under the header.
    await send(page, '转人工');
    await page.locator('[data-kefu] .note').waitFor();
    const ticket = (await fx.store.listTickets({})).find((t) => t.conversationId === conversationId);
    await fx
      .hub()
      .admin.conversations.updateTicket(
        ticket!.id,
        { action: 'progress', note: `物流单号${TRACKING} 详情 ${URL_TEXT}` },
        { kind: 'system', id: 'api:ops', name: 'ops' },
      );
    const note = page.locator('[data-kefu] .note', { hasText: TRACKING });
    await note.waitFor();
    // Nothing wider than the panel: no text runs past its edge, where the panel cuts it off.
    const overflow = (selector: string) =>
      page.locator(selector).evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(await overflow('[data-kefu] .note')).toBe(0);
    expect(await overflow('[data-kefu] .log')).toBe(0);
    await context.close();
  });

  // The same for the order card: an order number as long as the protocol lets it be (64 characters,
  // a marketplace's sub-order under its parent) ran 307 px past the panel.
  it('wraps a long order number and tracking number in the order card', async () => {
    const context = await fx.phoneProfile();
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 640 });
    await page.goto(`${fx.origin}/long-order?lang=zh-CN&viewport`);
    await page.evaluate(
      ([id, trackingNo]) =>
        (window as unknown as { Kefu(...a: unknown[]): void }).Kefu('setContext', {
          order: {
            id,
            status: 'in_transit',
            items: [{ title: '美丽诺羊毛开衫', quantity: 1 }],
            events: [],
            carrier: '顺丰速运',
            trackingNo,
          },
        }),
      [`KFA1B2C3D401-${TRACKING}`, `${TRACKING}${TRACKING}`],
    );
    await page.locator(W.launcher).tap();
    await page.locator('[data-kefu] .ctx-order summary').tap();
    await page.locator('[data-kefu] .ctx-order .oc-track').waitFor();
    const overflow = await page
      .locator('[data-kefu] .ctx-order')
      .evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBe(0);
    await context.close();
  });
  // Finding (QA as a shopper on a 320 px phone, 2026-12-07): a product title with a word longer than
  // the card is wide (a model name, a SKU-style title) was cut off at the card's right edge, in the
  // "You're viewing" strip and in the card sent with "Ask about this": the shopper read half a name.
  it("wraps a product title's long word in the product card, not cut off at its edge", async () => {
    const context = await fx.phoneProfile({ width: 320, height: 568 });
    const page = await context.newPage();
    await page.goto(`${fx.origin}/long-title?lang=en&viewport`);
    const title = 'UltraLightweightPackableDownJacketWithDetachableHood-XXL';
    await page.evaluate(
      (title) =>
        (window as unknown as { Kefu(...a: unknown[]): void }).Kefu('setContext', {
          product: { id: 'sku-long', title, price: 1299, currency: 'CNY' },
        }),
      title,
    );
    await page.locator(W.launcher).tap();
    await page.locator('[data-kefu] .ctx .pc-title').waitFor();
    const cut = (selector: string) =>
      page.locator(selector).evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(await cut('[data-kefu] .ctx .pc-title')).toBe(0);
    await page.locator('[data-kefu] .ctx-actions .chip').tap();
    await page.locator('[data-kefu] .row.me[data-seq] .pc-title').waitFor();
    expect(await cut('[data-kefu] .row.me[data-seq] .pc-title')).toBe(0);
    await context.close();
  });
  // The same for a system line: a merchant's action outcome ("Return approved: your label at
  // https://…") with a link longer than the line ran past the panel's edge, cut off there.
  it('wraps a long link in a system line', async () => {
    const context = await fx.phoneProfile({ width: 320, height: 568 });
    const page = await context.newPage();
    const welcomes = welcomesOf(page);
    await page.goto(`${fx.origin}/long-system?lang=en&viewport`);
    await page.locator(W.launcher).tap();
    await send(page, 'Can I return it?');
    const conversationId = welcomes.at(-1)!.conversation.id;
    await fx.store.appendMessage(
      {
        conversationId,
        id: 'm_long_system',
        author: { kind: 'system' },
        createdAt: Date.now(),
        content: { kind: 'system', event: 'notice', text: `Return approved: your label at ${URL_TEXT}` },
      },
      {},
    );
    // The chat left open comes back with the conversation, the system line in it.
    await page.reload();
    const line = page.locator('[data-kefu] .sys', { hasText: 'Return approved' });
    await line.waitFor();
    const cut = (selector: string) =>
      page.locator(selector).evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(await line.evaluate((el) => el.getBoundingClientRect().right)).toBeLessThanOrEqual(320);
    expect(await cut('[data-kefu] .log')).toBe(0);
    await context.close();
  });
});
