import { createAgentClient } from '@kefu/sdk/agent';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../test/servers.ts';
import { DEMO_AGENTS } from '../src/hub.ts';
import { demoFixture, simulate, W } from './demo-fixture.ts';

const skip = await chromiumMissing();
const HAN = /\p{Script=Han}/u;
const log = (page: Page) => page.locator('[data-kefu] .log');
/** What the shopper reads from the shop: the bubbles (the bot's name is not among them). */
const theirs = async (page: Page) =>
  (await page.locator('[data-kefu] .row.them .bubble').allTextContents()).join('\n');

async function waitFor<T>(get: () => T | undefined): Promise<T> {
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(skip)('an English shopper’s order news in Chromium', () => {
  let fx: Awaited<ReturnType<typeof demoFixture>>;
  let page: Page;

  beforeAll(async () => {
    fx = await demoFixture();
    page = await (await fx.shopper()).newPage();
    await page.goto(`${fx.demo.shopUrl}orders?lang=en`);
    await page.locator('main a[href^="/orders/KF"]').first().click();
    await page.locator('#sim').waitFor();
    await page.locator(W.launcher).click();
    await page.locator(W.textarea).waitFor();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('tells them in English that the order shipped, with the carrier’s English name', async () => {
    expect(await simulate(page, 'Ship')).toContain('"notified":["shipped"]');
    await log(page)
      .getByText(/has shipped with SF Express, tracking number SF\d{10}/)
      .waitFor();
    expect(await theirs(page)).not.toMatch(HAN);
  });

  it('answers a return in English after the delivered notice, the order looked up in English', async () => {
    expect(await simulate(page, 'Deliver')).toContain('"notified":["delivered"]');
    await log(page)
      .getByText(/has been delivered/)
      .waitFor();
    await page.locator('[data-kefu] .qr button', { hasText: 'Request a return' }).click();
    await page.locator('[data-kefu] .qr button', { hasText: 'Confirm' }).click();
    await log(page)
      .getByText(/Return approved for order KF[0-9A-F]{8}01 \(RMA-/)
      .waitFor();
    expect(await theirs(page)).not.toMatch(HAN);
  });

  it('shows the agent the order in the shopper’s language', async () => {
    const mei = DEMO_AGENTS.find((a) => a.id === 'mei')!;
    const agent = createAgentClient({ url: fx.demo.hubUrl, token: mei.token, WebSocket });
    await agent.connect();
    try {
      await page.locator(W.textarea).fill('Talk to a person please');
      await page.locator(W.textarea).press('Enter');
      const conversationId = await waitFor(
        () => agent.inbox.find((i) => i.shopper.locale === 'en')?.conversationId,
      );
      const open = await agent.join(conversationId);
      expect(open.order).toMatchObject({ carrier: 'SF Express' });
      expect(open.order?.items?.map((i) => i.title).join(' ')).not.toMatch(HAN);
    } finally {
      agent.disconnect();
    }
  });

  it('answers a late payment with the exception it raised, and apologises in English', async () => {
    await page.goto(`${fx.demo.shopUrl}orders?lang=en`);
    await page.locator('main a[href^="/orders/KF"]').nth(1).click();
    await page.locator('#sim').waitFor();
    expect(await simulate(page, 'Late: paid 49 h ago, not shipped')).toContain(
      '"exceptions":["not_shipped"]',
    );
    // The chat open on the last page is open on this one (in the same tab).
    await page.locator(W.textarea).waitFor();
    await log(page)
      .getByText(/has not shipped 48 hours after payment/)
      .waitFor();
  });
});
