import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { assignedShopper, consoleShift, until } from './console-fixture.ts';

const skip = await chromiumMissing();

/** The first message row below the log's top edge: its seq, and how far below the edge it is. */
const readingAt = (log: Locator) =>
  log.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    for (const row of el.querySelectorAll<HTMLElement>('.entry.msg')) {
      const at = row.getBoundingClientRect().top - top;
      if (at >= 0) return { seq: Number(row.dataset.seq), at: Math.round(at) };
    }
    return undefined;
  });

describe.skipIf(skip)('a long conversation read back from its start (Chromium)', () => {
  // A chatty shopper: more messages than the console loads at once, past the hub's per-conversation budget.
  const shift = consoleShift({
    each: true,
    hub: { limits: { conversationMessagesPerSecond: 1000, conversationMessageBurst: 1000 } },
  });

  it('keeps the message the agent was reading in place when "load earlier" adds the page before it', async () => {
    const page = await shift.signIn(0, { width: 1280, height: 720 });
    const shopper = await assignedShopper(shift.fx, shift.shoppers);
    const id = shopper.conversationId!;
    for (let i = 1; i <= 160; i++) shopper.send(`line ${i}`);
    await until(
      () => shopper.messages.some((m) => m.content.kind === 'text' && m.content.text === 'line 160'),
      'all stored',
    );
    // Opened afresh, the console holds the newest page only, with "load earlier" above it.
    await page.reload();
    await page.locator('header.top .conn-open').waitFor();
    await page.locator(`#conv-tab-${id}`).click();
    const log = page.locator('#conversation-pane .transcript');
    await log.getByText('line 160', { exact: true }).waitFor();
    const older = log.locator('button.older');
    await older.waitFor();
    // The agent has scrolled back to the oldest message loaded, and reads it.
    await log.evaluate((el) => {
      el.scrollTop = 0;
    });
    const reading = () => readingAt(log);
    const before = await reading();
    const firstSeq = () =>
      log.evaluate((el) => Number(el.querySelector<HTMLElement>('.entry.msg')?.dataset.seq));
    const oldest = await firstSeq();
    await older.click();
    await until(async () => (await firstSeq()) < oldest, 'the earlier page drawn');
    // The earlier page went in above: what the agent was reading has not moved.
    await expect.poll(reading).toEqual(before);
  });

  it('brings the agent back to where they were reading when they return to a tab, with what came meanwhile counted below', async () => {
    const page = await shift.signIn(0, { width: 1280, height: 720 });
    const reader = await assignedShopper(shift.fx, shift.shoppers);
    const other = await assignedShopper(shift.fx, shift.shoppers);
    const id = reader.conversationId!;
    for (let i = 1; i <= 40; i++) reader.send(`line ${i}`);
    const log = page.locator('#conversation-pane .transcript');
    await page.locator(`#conv-tab-${id}`).click();
    await log.getByText('line 40', { exact: true }).waitFor();
    // The agent scrolls up to read line 10 at the log's top.
    await log.evaluate((el) => {
      const row = [...el.querySelectorAll('.entry.msg')].find((r) => r.textContent?.includes('line 10'));
      el.scrollTop += row!.getBoundingClientRect().top - el.getBoundingClientRect().top;
    });
    await expect.poll(() => readingAt(log).then((r) => r?.at)).toBeLessThan(5);
    const before = await readingAt(log);
    // They look at the other conversation, and the first shopper writes twice meanwhile.
    await page.locator(`#conv-tab-${other.conversationId}`).click();
    await page.locator(`#composer-${other.conversationId}`).waitFor();
    reader.send('still there?');
    reader.send('hello?');
    await page.locator(`#conv-tab-${id} .unread[data-unread="2"]`).waitFor();
    await page.locator(`#conv-tab-${id}`).click();
    await log.getByText('hello?', { exact: true }).waitFor();
    // Back on its tab: the same message at the same place, and the two new ones counted below.
    expect(await readingAt(log)).toEqual(before);
    await expect.poll(() => log.locator('button.new-below').textContent()).toContain('2');
  });
});
