import { createAgentClient } from '@kefu/sdk/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../../test/servers.ts';
import { surveyAfterAgent } from './survey-after-agent.ts';
import { SUPERVISOR_TOKEN, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// Finding (2026-12-06): on a phone held sideways (or a short window), the survey that follows a
// conversation with a person kept its full height: it pushed the message box, and its own submit
// button, below the panel's bottom edge, out of reach. The shopper could neither rate nor write again.
describe.skipIf(skip)('the survey on a short screen, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  for (const [what, width, height] of [
    ['a phone held sideways', 667, 375],
    ['a phone with its keyboard up', 375, 300],
  ] as const)
    it(`keeps the message box in the panel and the survey's submit reachable on ${what} (${width}×${height})`, async () => {
      const agent = createAgentClient({ url: fx.hubUrl, token: SUPERVISOR_TOKEN, WebSocket });
      await agent.connect();
      const context = await fx.browserProfile();
      try {
        const page = await context.newPage();
        await page.setViewportSize({ width, height });
        await page.goto(`${fx.origin}/survey-short-${width}?lang=en`);
        await surveyAfterAgent(page, agent, `size question ${width}`, 'Merino cardigan');
        const box = async (sel: string) => (await page.locator(`[data-kefu] ${sel}`).boundingBox())!;
        const panel = await box('.panel');
        const bottom = panel.y + panel.height + 0.5;
        const composer = await box('.composer');
        expect(composer.y + composer.height).toBeLessThanOrEqual(bottom);
        // The survey scrolls within itself: a star and its submit button are reached there (a
        // click that lands on what covers them fails), without scrolling the header out of view.
        await page.locator('[data-kefu] .csat label').nth(4).click();
        await page.locator('[data-kefu] .csat button[type=submit]').click();
        expect(await page.locator('[data-kefu] .panel').evaluate((el) => el.scrollTop)).toBe(0);
        await page.locator('[data-kefu] .csat').waitFor({ state: 'detached' });
      } finally {
        agent.disconnect();
        await context.close();
      }
    });
});
