import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../test/servers.ts';
import { consoleShift, until } from './console-fixture.ts';

const skip = await chromiumMissing();

// A shopper whose chat Mei closed writes again: the hub reopens the same conversation and routes
// it back to Mei, whose console still has its tab open from before. The hub ended that tab's feed
// when the conversation left her hands, so the tab stayed read-only and missed what followed.
describe.skipIf(skip)('a shopper who comes back after the close (Chromium)', () => {
  const shift = consoleShift({ each: true });

  it('gives Mei the reopened conversation to answer in the tab she still has open', async () => {
    const page = await shift.signIn();

    // The same browser, twice: one storage keeps the shopper's session across the two visits.
    const storage = memoryStorage();
    const visit = () => {
      const shopper = createShopperClient({
        url: shift.fx.hubUrl,
        siteKey: 'demo',
        locale: 'en',
        storage,
        WebSocket,
        origin: shift.fx.origin,
      });
      shift.shoppers.push(shopper);
      shopper.connect();
      return shopper;
    };
    const first = visit();
    first.send('I want a human');
    await until(() => first.state?.status === 'assigned', 'the shopper assigned to Mei');
    const box = page.locator('.composer textarea');
    await box.fill('Hello, how can I help?');
    await box.press('Control+Enter');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
    await page.locator('.read-only-note').waitFor();
    first.close();

    const again = visit();
    again.send('Me again: I want a human');
    await until(() => again.state?.status === 'assigned', 'the shopper assigned again');
    // The tab follows the conversation live again: Mei can answer, and sees what came after.
    await box.waitFor();
    await page.locator('.conv-head [data-status="assigned"]').waitFor();
    await page.locator('#conversation-pane').getByText('Me again: I want a human').waitFor();
    await box.fill('Welcome back!');
    await box.press('Control+Enter');
    await until(
      () => again.messages.some((m) => m.content.kind === 'text' && m.content.text === 'Welcome back!'),
      'the shopper to get the reply',
    );
    expect(await page.locator('.read-only-note').count()).toBe(0);
  });
});
