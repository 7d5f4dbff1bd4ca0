import { createAgentClient } from '@kefu/sdk/agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../../test/servers.ts';
import { surveyAfterAgent } from './survey-after-agent.ts';
import { SUPERVISOR_TOKEN, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// Finding (mobile QA, 2026-12-06): on a 360×640 phone with the product strip showing, the survey
// after a conversation with a person overflowed the panel by 12 px and cut off the bottom of its
// submit button.
describe.skipIf(skip)('the survey on a small phone with the product strip, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  for (const [width, height] of [
    [360, 640],
    [320, 568],
  ] as const)
    it(`keeps the survey's submit whole and reachable above the message box at ${width}×${height}`, async () => {
      const agent = createAgentClient({ url: fx.hubUrl, token: SUPERVISOR_TOKEN, WebSocket });
      await agent.connect();
      const context = await fx.phoneProfile({ width, height });
      try {
        const page = await context.newPage();
        await page.goto(`${fx.origin}/survey-phone-${width}?lang=en&viewport`);
        await surveyAfterAgent(
          page,
          agent,
          `size question ${width}`,
          'Merino wool cardigan, relaxed fit, oatmeal',
        );
        await page.locator('[data-kefu] .ctx').waitFor();
        const box = async (sel: string) => (await page.locator(`[data-kefu] ${sel}`).boundingBox())!;
        const panel = await box('.panel');
        const survey = await box('.csat');
        const composer = await box('.composer');
        const submit = page.locator('[data-kefu] .csat button[type=submit]');
        expect(composer.y + composer.height).toBeLessThanOrEqual(panel.y + panel.height + 0.5);
        expect(survey.y + survey.height).toBeLessThanOrEqual(composer.y + 0.5);
        // Compact: a star picked, the submit is whole in the survey as it first shows, not hidden
        // below a fold that a phone's overlay scrollbar gives no sign of.
        await page.locator('[data-kefu] .csat label').nth(4).click();
        const shown = await box('.csat');
        const button = (await submit.boundingBox())!;
        expect(await page.locator('[data-kefu] .csat').evaluate((el) => el.scrollTop)).toBe(0);
        expect(button.y).toBeGreaterThanOrEqual(shown.y - 0.5);
        expect(button.y + button.height).toBeLessThanOrEqual(shown.y + shown.height + 0.5);
        expect(button.height).toBeGreaterThanOrEqual(24);
        // And the comment box beside it, whole too.
        const comment = (await box('.csat textarea'))!;
        expect(comment.y + comment.height).toBeLessThanOrEqual(shown.y + shown.height + 0.5);
        await submit.click();
        await page.locator('[data-kefu] .csat').waitFor({ state: 'detached' });
      } finally {
        agent.disconnect();
        await context.close();
      }
    });
});
