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

// Finding (mobile QA, 2026-12-06): under a bot answer, 有帮助 / 没帮助 and 转人工 were 26 px tall
// links in 12 px text: over the 24 px minimum, but small for a thumb. On a phone each is now a 44 px
// target (WCAG 2.5.5, Apple's guideline); the desktop keeps its compact line.
describe.skipIf(skip)("the bot answer's feedback links, in Chromium", () => {
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

  for (const [width, height] of [
    [375, 667],
    [320, 568],
  ] as const)
    it(`gives each a 44 px tall target within the panel on a ${width}×${height} phone`, async () => {
      const context = await fx.phoneProfile({ width, height });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${fx.origin}/feedback-${width}?lang=zh-CN&viewport`);
      await openWidget(page);
      await send(page, '可以退货吗？');
      const links = page.locator('[data-kefu] .fb .link');
      await expect.poll(() => links.count(), { timeout: 10_000 }).toBe(3);
      const panel = (await page.locator('[data-kefu] .panel').boundingBox())!;
      const boxes = [];
      for (const link of await links.all()) {
        await link.scrollIntoViewIfNeeded();
        const b = (await link.boundingBox())!;
        expect(b.height).toBeGreaterThanOrEqual(44);
        expect(b.width).toBeGreaterThanOrEqual(24);
        expect(b.x).toBeGreaterThanOrEqual(panel.x - 0.5);
        expect(b.x + b.width).toBeLessThanOrEqual(panel.x + panel.width + 0.5);
        boxes.push(b);
      }
      // Side by side or wrapped, no two targets overlap.
      for (const [i, a] of boxes.entries())
        for (const b of boxes.slice(i + 1))
          expect(
            a.x + a.width <= b.x + 0.5 ||
              b.x + b.width <= a.x + 0.5 ||
              a.y + a.height <= b.y + 0.5 ||
              b.y + b.height <= a.y + 0.5,
          ).toBe(true);
    });
});
