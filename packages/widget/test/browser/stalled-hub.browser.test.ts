import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// A hub that stalls (or a proxy in front of it that holds connections) accepts the TCP connection
// and never answers the WebSocket upgrade. Chromium has no handshake timeout of its own.
describe.skipIf(skip)('the widget against a hub that stops answering handshakes, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  const held: Socket[] = [];
  beforeAll(async () => {
    // A short heartbeat, which the widget keeps to after its first welcome, keeps the test short.
    fx = await widgetFixture({ limits: { heartbeatMs: 1000 } });
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await fx?.close();
  });

  it('gives up on a handshake the hub never answers and delivers what was typed once the hub is back', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/stall`);
    await openWidget(page);
    await send(page, 'before the stall');
    const hold = (_request: unknown, socket: Socket) => void held.push(socket);
    await fx.restartHub(async () => {
      fx.hubServer.on('upgrade', hold);
      await page.locator(W.textarea).fill('typed while the hub stalls');
      await page.locator(W.textarea).press('Enter');
      // The widget's reconnect is now stuck in a handshake nobody answers.
      await expect.poll(() => held.length, { timeout: 20_000 }).toBeGreaterThan(0);
      fx.hubServer.off('upgrade', hold);
    });
    await page.locator(W.mine('typed while the hub stalls')).waitFor({ timeout: 20_000 });
    await context.close();
  });
});
