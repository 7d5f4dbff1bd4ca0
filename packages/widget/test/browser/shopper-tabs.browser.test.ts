import { afterAll, beforeAll, describe, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// Tabs of one browser share the shopper and the outbox (localStorage). A tab the hub refuses (one
// tab too many for `maxConnectionsPerShopper`, 5 by default; 1 here) cannot send what is typed in it.
describe.skipIf(skip)('one shopper in several tabs, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({ limits: { maxConnectionsPerShopper: 1 } });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('delivers a message typed in a tab the hub refuses through a tab that is connected', async () => {
    const context = await fx.browserProfile();
    const first = await context.newPage();
    await first.goto(`${fx.origin}/p/1`);
    await openWidget(first);
    await send(first, 'from the first tab');
    const extra = await context.newPage();
    await extra.goto(`${fx.origin}/p/2`);
    await openWidget(extra);
    await extra.locator(W.textarea).fill('from a tab one too many');
    await extra.locator(W.textarea).press('Enter');
    // Stored (it has a seq) while both tabs stay open, not at the first tab's next reconnect.
    await first.locator(W.mine('from a tab one too many')).waitFor({ timeout: 20_000 });
    await context.close();
  });
});
