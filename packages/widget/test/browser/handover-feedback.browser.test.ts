import { createFaqAnswerer, createFaqEngine, parseKnowledgeBase } from '@kefu/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

const KB = parseKnowledgeBase({
  version: 1,
  entries: [
    { id: 'return-policy', question: '可以退货吗？', answer: '签收后 7 天内可无理由退货。', tags: ['退货'] },
  ],
});

// Finding (shopper QA, 2026-12-07): asking for a person, the shopper saw 有帮助吗？有帮助 / 没帮助 /
// 转人工 flash under the bot's hand-over line ("正在为您转接人工客服…"): the line comes before the
// state that says the conversation left the bot, and the row is drawn for a bot conversation's
// latest bot text. Nothing about a hand-over line is rated.
describe.skipIf(skip)('the feedback row at a hand-over to a person, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  const contexts: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    fx = await widgetFixture({ answer: createFaqAnswerer(createFaqEngine(KB)) });
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await fx?.close();
  });

  for (const how of ['typed', 'tapped'] as const)
    it(`never draws it under the hand-over line (转人工 ${how})`, async () => {
      const context = await fx.browserProfile();
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${fx.origin}/handover-${how}?lang=zh-CN`);
      await openWidget(page);
      await send(page, '可以退货吗？');
      const row = page.locator('[data-kefu] .fb');
      // The answer's own row comes (visible: waitFor's default).
      await row.waitFor();
      // Every feedback row drawn from now on, however briefly, that the shopper could see (or a
      // screen reader read) as it came: hidden ones (visibility) are not shown nor read.
      await page.locator('[data-kefu] .log').evaluate((log) => {
        const w = window as unknown as { seen: number };
        w.seen = 0;
        new MutationObserver((records) => {
          for (const r of records)
            for (const n of r.addedNodes) {
              const fb = n instanceof Element ? (n.matches('.fb') ? n : n.querySelector('.fb')) : null;
              if (fb && getComputedStyle(fb).visibility !== 'hidden') w.seen++;
            }
        }).observe(log, { childList: true, subtree: true });
      });
      if (how === 'typed') await send(page, '转人工');
      else await row.locator('button >> text="转人工"').click();
      await page.locator('[data-kefu] .state:not([data-status=bot])').waitFor();
      await expect.poll(() => page.locator('[data-kefu] .row.them').count()).toBeGreaterThan(1);
      expect(await row.count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { seen: number }).seen)).toBe(0);
    });
});
