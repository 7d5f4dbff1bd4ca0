import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { KNOWLEDGE_STRINGS } from '../../agent-console/src/knowledge-strings.ts';
import { demoFixture, W } from './demo-fixture.ts';

const skip = await chromiumMissing();
const t = KNOWLEDGE_STRINGS.zh;
const ANSWER = '我们没有实体店，只在网上销售。';

async function ask(page: Page, text: string): Promise<void> {
  await page.locator(W.textarea).fill(text);
  await page.locator(W.textarea).press('Enter');
}

async function shopperOnProduct(fx: Awaited<ReturnType<typeof demoFixture>>): Promise<Page> {
  const page = await (await fx.shopper()).newPage();
  await page.goto(`${fx.demo.shopUrl}p/merino-cardigan`);
  await page.locator(W.launcher).click();
  await page.locator(W.textarea).waitFor();
  await page.locator('[data-kefu] .row.them').first().waitFor(); // the bot's greeting
  return page;
}

describe.skipIf(skip)('learning from traffic in the demo, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof demoFixture>>;
  beforeAll(async () => {
    fx = await demoFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('a supervisor approves what an agent answered, and the bot answers the next shopper with it', async () => {
    const agent = await fx.agent();
    // A question the demo's knowledge base does not cover: the bot declines, a person answers.
    const first = await shopperOnProduct(fx);
    await ask(first, '你们有实体店吗');
    await first.locator('[data-kefu] .row.them').nth(1).waitFor();
    await ask(first, '转人工');
    await agent.locator('#messages .msg.shopper .text', { hasText: '你们有实体店吗' }).waitFor();
    await agent.fill('#reply', ANSWER);
    await agent.press('#reply', 'Enter');
    await first.locator('[data-kefu] .row.them .bubble', { hasText: ANSWER }).waitFor();

    // The supervisor's knowledge page in the console lists it; they approve it as a new entry.
    const boss = await (await fx.shopper()).newPage();
    await boss.goto(`${fx.demo.shopUrl}console/knowledge`);
    await boss.getByRole('button', { name: '王经理 Wang' }).click();
    const card = boss.getByRole('listitem', { name: '你们有实体店吗' });
    // The question is stored a moment after the reply: the page shows it once asked again.
    for (let i = 0; i < 100 && (await card.count()) === 0; i++) {
      await boss.getByRole('button', { name: t.refresh }).click();
      await boss.waitForTimeout(100);
    }
    await card.waitFor();
    expect(await card.getByText(t.asked(1, 1)).count()).toBe(1);
    expect(await card.getByRole('textbox', { name: t.entryAnswer }).inputValue()).toBe(ANSWER);
    // The answer reads as the shopper will get it: plain text, not in its label's bold.
    expect(
      await card
        .getByRole('textbox', { name: t.entryAnswer })
        .evaluate((box) => getComputedStyle(box).fontWeight),
    ).toBe('400');
    expect(await boss.locator('section[aria-labelledby=doctor-title] h2').textContent()).toBe(t.doctor);
    await card.getByRole('button', { name: t.approve }).click();
    await boss.getByRole('status').filter({ hasText: t.approved }).waitFor();
    // The list is read again after the approval: on a busy machine that comes after the status line.
    await boss.getByText(t.noProposals).waitFor();
    expect(await card.count()).toBe(0);
    await boss.screenshot({ path: '/tmp/kefu-learn.png' });

    // The next shopper asking in other words gets the answer from the bot, without a person.
    const next = await shopperOnProduct(fx);
    await ask(next, '有没有实体店');
    await next.locator('[data-kefu] .row.them .bubble', { hasText: ANSWER }).waitFor();
  });
});
