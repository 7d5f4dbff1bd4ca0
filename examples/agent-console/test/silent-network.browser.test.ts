import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cuttableProxy } from '../../../packages/sdk/src/testing/cuttable-proxy.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { DEMO_AGENTS } from '../../shop/src/hub.ts';
import { assignedShopper, consoleShift, until } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('the hub out of reach without a word (Chromium)', () => {
  // The hub's own heartbeat slowed right down: only the console's liveness watch can notice.
  const shift = consoleShift({ each: true, hub: { limits: { heartbeatMs: 300_000 } } });
  let net: Awaited<ReturnType<typeof cuttableProxy>>;

  beforeEach(async () => {
    net = await cuttableProxy('127.0.0.1', Number(new URL(shift.fx.origin).port));
  });
  afterEach(async () => {
    await net?.close();
  });

  async function consolePage() {
    const page = await (await shift.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.clock.install();
    await page.goto(`http://127.0.0.1:${net.port}/console?lang=en`);
    return page;
  }

  it('shows Reconnecting when the network path goes silent, and sends the reply typed meanwhile once', async () => {
    const page = await consolePage();
    await page.locator(`[data-token="${DEMO_AGENTS[0]!.token}"]`).click();
    await page.locator('header.top .conn-open').waitFor();
    const read: string[] = [];
    const shopper = await assignedShopper(shift.fx, shift.shoppers, (s) =>
      s.on('message', (m) => {
        if (m.author.kind === 'agent' && m.content.kind === 'text') read.push(m.content.text);
      }),
    );
    const box = page.locator(`#composer-${shopper.conversationId!}`);
    await box.waitFor();
    // Every state the header shows from now on: Reconnecting lasts only until the next attempt.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as { seen?: string[] }).seen = seen;
      const conn = document.querySelector('header.top [role=status]')!;
      const observer = new MutationObserver(() => seen.push(conn.textContent ?? ''));
      observer.observe(conn, { subtree: true, characterData: true, childList: true });
    });
    const shown = () => page.evaluate(() => (window as { seen?: string[] }).seen ?? []);
    // The page's clock stops: from here its timers run only as far as the test moves it.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
    // No FIN, no RST: the socket still looks open to the browser, and nothing comes back.
    net.stall();
    net.flow(); // a new connection gets through; the silent one stays dead
    await box.fill('Your parcel left the warehouse today');
    await box.press('Control+Enter');
    await page.getByText('Sending…').waitFor();
    // The reply unanswered for 4 s, then a ping unanswered for 4 s (a frame from the hub just before
    // the stall can at most restart a 10 s quiet spell): two heartbeats, 50 s, noticed it before.
    await page.clock.runFor(14_000);
    await expect.poll(shown).toContain('Reconnecting');
    await page.clock.resume();
    await page.locator('header.top .conn-open').waitFor();
    await until(() => read.length >= 1, 'the shopper to get the reply');
    await page.getByText('Sending…').waitFor({ state: 'detached' });
    expect(read).toEqual(['Your parcel left the warehouse today']);
  });

  it('says the hub cannot be reached when signing in, and signs in once it is back', async () => {
    const page = await consolePage();
    await net.cut();
    await page.locator(`[data-token="${DEMO_AGENTS[0]!.token}"]`).click();
    const waiting = page.locator('main.sign-in .waiting');
    await expect.poll(() => waiting.textContent()).toContain("Can't reach the hub at 127.0.0.1:");
    expect(await page.locator('header.top [role=status]').first().textContent()).toBe('Reconnecting');
    await net.restore();
    await page.locator('header.top .conn-open').waitFor({ timeout: 30_000 });
    await page.getByRole('tablist', { name: 'Inbox' }).waitFor();
  });
});
