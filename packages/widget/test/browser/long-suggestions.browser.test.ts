import { createFaqBot, parseKnowledgeBase } from '@kefu/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

// Two questions alike for their first 40 characters, a button's most (the protocol's label limit).
const SAME = '我上个月在店里购买的那件羊毛开衫如果在签收七天之后才发现有起球或者掉色的情况';
const QUESTIONS = [`${SAME}，可以申请退货吗？`, `${SAME}，可以申请换货吗？`];
const KB = parseKnowledgeBase({
  version: 1,
  entries: QUESTIONS.map((question, i) => ({
    id: `sweater-${i}`,
    question,
    answer: i ? '可以换货。' : '可以退货。',
    tags: ['开衫'],
  })),
});

// Finding (shopper QA, 2026-12-07): the bot's "did you mean" buttons carry a question cut at 40
// characters; two long questions that differ at their end came as two identical buttons, and the
// shopper could not tell which was which. The questions are now in the message, whole and numbered,
// and each button starts with its number.
describe.skipIf(skip)('"did you mean" with long questions, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  const contexts: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    fx = await widgetFixture({
      answer: createFaqBot(KB, { engine: { thresholds: { answer: 0.999, suggest: 0.01, outOfScope: 0 } } }),
    });
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('shows each question whole, and buttons a shopper tells apart', async () => {
    const context = await fx.phoneProfile({ width: 360, height: 640 });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${fx.origin}/long-suggestions?lang=zh-CN&viewport`);
    await openWidget(page);
    await send(page, '开衫起球掉色');
    const chips = page.locator('[data-kefu] .qr .chip');
    await page.locator('[data-kefu] .qr .chip >> text="都不是，转人工"').waitFor();
    const labels = await chips.allInnerTexts();
    expect(labels).toHaveLength(3);
    expect(new Set(labels).size).toBe(3);
    const said = await page.locator('[data-kefu] .row.them .bubble').allInnerTexts();
    for (const q of QUESTIONS) expect(said.some((text) => text.includes(q))).toBe(true);
    // The button names the question the message lists under its number.
    for (const label of labels.slice(0, 2)) {
      const n = /^(\d+)\. /.exec(label)?.[1];
      expect(n).toBeDefined();
      const listed = said
        .join('\n')
        .split('\n')
        .find((line) => line.startsWith(`${n}. `));
      expect(QUESTIONS.map((q) => `${n}. ${q}`)).toContain(listed);
    }
    // Tapping one gets its own answer (the hub's FAQ bot reads the entry from the button's payload).
    const second = labels.findIndex((l) => l.startsWith('2. '));
    const listed2 = said
      .join('\n')
      .split('\n')
      .find((line) => line.startsWith('2. '))!;
    await chips.nth(second).click();
    const want = listed2.endsWith('换货吗？') ? '可以换货。' : '可以退货。';
    await page.locator(`[data-kefu] .row.them .bubble >> text="${want}"`).waitFor();
  });
});
