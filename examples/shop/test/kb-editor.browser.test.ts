import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { KNOWLEDGE_STRINGS } from '../../agent-console/src/knowledge-strings.ts';
import { demoFixture, W } from './demo-fixture.ts';

const skip = await chromiumMissing();
const t = KNOWLEDGE_STRINGS.zh;
/** A phrasing no entry of the demo's knowledge base has, and an answer none gives. */
const PHRASING = '包邮门槛是多少钱';
const ANSWER = '订单实付满 88 元包邮，不满 88 元收 8 元运费。';

type Fixture = Awaited<ReturnType<typeof demoFixture>>;

/** The supervisor signs in to the console and opens its knowledge page from the header. */
async function knowledgePage(fx: Fixture, page?: Page): Promise<Page> {
  const boss = page ?? (await (await fx.shopper()).newPage());
  await boss.goto(`${fx.demo.shopUrl}console`);
  await boss.getByRole('button', { name: '王经理 Wang' }).click();
  await boss.getByRole('link', { name: t.nav }).click();
  await boss.getByRole('heading', { name: t.title, level: 1 }).waitFor();
  return boss;
}

/** Opens an entry from the entries list, found by the search as a person types it (`found`: how many match). */
async function openFromList(boss: Page, search: string, found: number, question: string, id: string) {
  const entries = boss.getByRole('region', { name: t.entries });
  await entries.getByRole('searchbox', { name: t.search }).fill(search);
  await entries.getByRole('searchbox', { name: t.search }).press('Enter');
  // The result is said, not only drawn (the whole line: 「找到 1 个条目」 is in 「找到 118 个条目」).
  await entries
    .getByRole('status')
    .filter({ hasText: new RegExp(`^${t.entriesFound(found)}$`) })
    .waitFor();
  const opener = entries.getByRole('button', { name: t.edit(question) });
  await opener.click();
  const editor = boss.getByRole('dialog', { name: t.editorTitle(id) });
  await editor.waitFor();
  return { editor, opener };
}

/** A new shopper on a product page asks `text` in the widget and waits for `answer` from the bot. */
async function shopperGets(fx: Fixture, text: string, answer: string): Promise<void> {
  const page = await (await fx.shopper()).newPage();
  await page.goto(`${fx.demo.shopUrl}p/merino-cardigan`);
  await page.locator(W.launcher).click();
  await page.locator('[data-kefu] .row.them').first().waitFor(); // the bot's greeting
  await page.locator(W.textarea).fill(text);
  await page.locator(W.textarea).press('Enter');
  await page.locator('[data-kefu] .row.them .bubble', { hasText: answer }).waitFor();
}

describe.skipIf(skip)('editing the knowledge base in the console, in Chromium', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await demoFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('a supervisor edits an entry and the next shopper gets it; a colleague saving a deleted entry is told so', async () => {
    const boss = await knowledgePage(fx);

    // The doctor's findings name entries, each with an Edit button: it opens the editor, Close comes back to it.
    // A screen reader finds them in the table named by the section, each cell under its column's name.
    const findings = boss.getByRole('region', { name: t.doctor }).getByRole('table', { name: t.doctor });
    const finding = findings
      .getByRole('row')
      .filter({ has: boss.getByRole('cell', { name: 'zh-shipping-time ↔ zh-presale' }) });
    const fromDoctor = finding.getByRole('button', { name: t.edit('zh-shipping-time') });
    await fromDoctor.waitFor(); // the check-up is asked for as the page opens
    expect(await findings.getByRole('columnheader').allTextContents()).toEqual(
      Object.values(t.findingColumns),
    );
    await fromDoctor.click();
    const doctorEditor = boss.getByRole('dialog', { name: t.editorTitle('zh-shipping-time') });
    expect(await doctorEditor.getByRole('textbox', { name: t.fieldQuestion }).inputValue()).toBe(
      '下单后多久发货？',
    );
    await doctorEditor.getByRole('button', { name: t.close }).click();
    await doctorEditor.waitFor({ state: 'detached' });
    await expect.poll(() => fromDoctor.evaluate((b) => b === document.activeElement)).toBe(true);

    // From the list: a phrasing added (focus goes to it), the answer changed, saved.
    const { editor, opener } = await openFromList(boss, '运费', 4, '运费怎么算？包邮吗？', 'zh-shipping-fee');
    const phrasings = editor.getByRole('group', { name: t.fieldAlternatives });
    expect(await phrasings.getByRole('textbox').count()).toBe(4);
    await phrasings.getByRole('button', { name: t.addAlternative }).click();
    const added = phrasings.getByRole('textbox', { name: t.alternative(5) });
    await expect.poll(() => added.evaluate((i) => i === document.activeElement)).toBe(true);
    await boss.keyboard.type(PHRASING);
    await editor.getByRole('textbox', { name: t.fieldAnswer }).fill(ANSWER);
    await editor.getByRole('button', { name: t.save }).click();
    await boss
      .getByRole('status')
      .filter({ hasText: t.done.saved('zh-shipping-fee') })
      .waitFor();
    expect(await editor.count()).toBe(0);
    // Focus is back on what opened the editor.
    await expect.poll(() => opener.evaluate((b) => b === document.activeElement)).toBe(true);
    const listed = boss
      .getByRole('region', { name: t.entries })
      .getByRole('listitem')
      .filter({
        has: boss.getByRole('button', { name: t.edit('运费怎么算？包邮吗？') }),
      });
    await listed.getByText(t.alternativesCount(5)).waitFor();

    // A shopper asking in the new words gets the new answer from the bot, the hub not restarted.
    await shopperGets(fx, PHRASING, ANSWER);

    // A colleague (a second console page) has another entry open while it is deleted on the first.
    const colleague = await knowledgePage(fx, await boss.context().newPage());
    const { editor: stale } = await openFromList(colleague, '货到付款', 1, '支持货到付款吗？', 'zh-cod');
    await stale.getByRole('textbox', { name: t.fieldAnswer }).fill('暂不支持货到付款。');

    const { editor: doomed } = await openFromList(boss, '货到付款', 1, '支持货到付款吗？', 'zh-cod');
    await doomed.getByRole('button', { name: t.deleteEntry }).click();
    // The confirmation takes focus on its safe choice.
    const keep = doomed.getByRole('button', { name: t.keep });
    await expect.poll(() => keep.evaluate((b) => b === document.activeElement)).toBe(true);
    await doomed.getByRole('button', { name: t.deleteYes }).click();
    const deleted = boss.getByRole('status').filter({ hasText: t.done.deleted('zh-cod') });
    await deleted.waitFor();
    // Its Edit button gone, focus is on the line saying what was done, not lost to the page's start.
    await expect.poll(() => deleted.evaluate((p) => p === document.activeElement)).toBe(true);
    await boss
      .getByRole('region', { name: t.entries })
      .getByRole('status')
      .filter({ hasText: t.noEntries })
      .waitFor();

    await stale.getByRole('button', { name: t.save }).click();
    await stale.getByRole('alert').filter({ hasText: t.entryRefused.gone }).waitFor();
    // The draft stays, with a way to keep it.
    expect(await stale.getByRole('textbox', { name: t.fieldAnswer }).inputValue()).toBe('暂不支持货到付款。');
    await stale.getByRole('button', { name: t.saveAsNew }).click();
    await colleague
      .getByRole('status')
      .filter({ hasText: t.done.created('zh-cod') })
      .waitFor();
    // Kept as a new entry, with the colleague's answer: the bot answers with it.
    await shopperGets(fx, '支持货到付款吗', '暂不支持货到付款。');
  });
});
