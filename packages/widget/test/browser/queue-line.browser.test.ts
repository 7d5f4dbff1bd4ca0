import type { WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// The queued line under the shop name ("Connecting you to a person · #12 in line · about 5 min")
// was one clipped line: on a phone, and in English on a desktop too, the estimated wait (the part
// a waiting shopper looks for) was cut off without even an ellipsis.
describe.skipIf(skip)('the queue line in the header, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  for (const [lang, wait] of [
    ['en', 'about 5 min'],
    ['zh-CN', '约 5 分钟'],
  ] as const)
    it(`shows the place in line and the whole estimated wait on a 375 px phone (${lang})`, async () => {
      const context = await fx.browserProfile();
      const page = await context.newPage();
      await page.setViewportSize({ width: 375, height: 667 });
      // The hub's state frame for a shopper waiting in line, added to the real connection.
      let socket: WebSocketRoute | undefined;
      await page.routeWebSocket(/\/kefu/, (ws) => {
        ws.connectToServer();
        socket = ws;
      });
      await page.goto(`${fx.origin}/queue?lang=${lang}`);
      await openWidget(page);
      await page.locator('[data-kefu] .row[data-seq="1"]').waitFor();
      if (!socket) throw new Error('the widget opened no socket');
      socket.send(
        JSON.stringify({
          v: 1,
          type: 'state',
          state: { status: 'queued', queue: { position: 12, etaSeconds: 300 } },
        }),
      );
      const line = page.locator('[data-kefu] .state[data-status=queued]');
      await line.waitFor();
      expect(await line.textContent()).toContain(wait);
      const box = await line.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(box.scroll).toBeLessThanOrEqual(box.client);
      await page.screenshot({ path: `/tmp/kefu-queue-line-${lang}.png` });
      await context.close();
    });
});
