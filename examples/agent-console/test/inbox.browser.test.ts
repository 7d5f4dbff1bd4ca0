import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../../../test/axe.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { consoleShift, shopperAskingForAPerson } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('the inbox from the keyboard (Chromium)', () => {
  const shift = consoleShift({ each: true });

  const focused = (page: Page) =>
    page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);

  /** A shopper who asks for a person while nobody can take them: the request waits, unassigned. */
  async function waiting(): Promise<string> {
    const shopper = await shopperAskingForAPerson(shift.fx, shift.shoppers, 'ticket');
    return shopper.conversationId!;
  }

  it('moves focus to the next waiting row when the row it was on leaves the queue (assigned from its dialog, taken by a colleague)', async () => {
    const first = await waiting();
    const second = await waiting();
    const third = await waiting();
    await shift.signIn(1);
    const boss = await shift.signIn(2);
    await boss.locator('#inbox-tab-queued').click();
    const row = (id: string) => boss.locator(`li[data-conversation="${id}"]`);
    await row(third).waitFor();
    // Assigned from the keyboard: the row, its button and the dialog go, and focus fell to <body>.
    await row(first).locator('button.assign').focus();
    await boss.keyboard.press('Enter');
    await boss.locator('[role=dialog]').getByRole('combobox').waitFor();
    await boss.locator('[role=dialog]').getByRole('button', { name: 'OK' }).focus();
    await boss.keyboard.press('Enter');
    await row(first).waitFor({ state: 'detached' });
    const focusedRow = () =>
      boss.evaluate(() =>
        document.activeElement?.closest('li[data-conversation]')?.getAttribute('data-conversation'),
      );
    await expect.poll(focusedRow).toBe(second);
    // A colleague takes the one focus is on.
    const lei = await shift.signIn(1);
    await lei.locator('#inbox-tab-queued').click();
    await lei.locator(`li[data-conversation="${second}"] button.accept`).click();
    await row(second).waitFor({ state: 'detached' });
    await expect.poll(focusedRow).toBe(third);
  });

  for (const width of [1280, 320])
    it(`reaches the empty list after its tab with Tab, at ${width} px`, async () => {
      const page = await shift.signIn(0, { width });
      await page.locator('#inbox-tab-mine').focus();
      await page.keyboard.press('Tab');
      // With nothing in it, Tab went from the tab past the list, to the page's start.
      expect(await focused(page)).toBe('inbox-panel');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('ArrowLeft');
      expect(await focused(page)).toBe('inbox-tab-queued');
      await page.keyboard.press('Tab');
      expect(await focused(page)).toBe('inbox-panel');
      expect(await page.locator('#inbox-panel').textContent()).toContain('Nobody is waiting');
      expect(await axeViolations(page, 'page')).toEqual([]);
    });
});
