import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { DEMO_AGENTS } from '../../shop/src/hub.ts';
import { assignedShopper, consoleShift } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('moving between conversations from the keyboard (Chromium)', () => {
  const shift = consoleShift({ each: true });

  /** A shopper who asks for a person and gets one; the conversation's id. */
  async function assigned(): Promise<string> {
    return (await assignedShopper(shift.fx, shift.shoppers)).conversationId!;
  }

  const focused = (page: Page) =>
    page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

  /** Transfers the conversation shown to Lei from the keyboard: Transfer, then OK (Lei is picked). */
  async function transferToLei(page: Page, id: string): Promise<void> {
    await page
      .locator(`#conversation-pane[aria-labelledby="conv-tab-${id}"] .actions button`)
      .first()
      .focus();
    await page.keyboard.press('Enter');
    const dialog = page.locator('[role=dialog]');
    await dialog.getByRole('combobox').waitFor();
    await dialog.getByRole('button', { name: 'OK' }).focus();
    await page.keyboard.press('Enter');
    await page.locator(`.conv-tab[data-conversation="${id}"]`).waitFor({ state: 'detached' });
  }

  it('lands on the inbox after signing in from the keyboard, not on the page’s start', async () => {
    const page = await (await shift.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${shift.fx.origin}/console?lang=en`);
    await page.getByLabel('Agent token').focus();
    await page.keyboard.type(DEMO_AGENTS[0]!.token);
    await page.keyboard.press('Enter');
    await page.locator('header.top .conn-open').waitFor();
    // The token's field went with the form, and focus fell to <body>.
    await expect.poll(() => focused(page)).toBe('inbox-panel');
  });

  it('goes to the next open conversation’s reply box after a transfer, and to the inbox after the last', async () => {
    const mei = await shift.signIn();
    const first = await assigned();
    const second = await assigned();
    await mei.locator(`#conv-tab-${second}`).waitFor();
    await shift.signIn(1);
    await mei.locator(`#conv-tab-${first}`).click();
    await transferToLei(mei, first);
    // It fell to <body>: the agent's next Tab started again at the page's header.
    await expect.poll(() => focused(mei)).toBe(`composer-${second}`);
    await transferToLei(mei, second);
    await expect.poll(() => focused(mei)).toBe('inbox-panel');
  });

  it('moves between conversation tabs with the arrow keys, and shows the tab j/k selected on a 320 px screen', async () => {
    const mei = await shift.signIn(0, { width: 320 });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await assigned());
    await mei.locator(`#conv-tab-${ids.at(-1)}`).waitFor();
    const shown = (id: string) =>
      mei.evaluate((tabId) => {
        const tab = document.getElementById(tabId)!.getBoundingClientRect();
        const strip = document.querySelector('.conv-tabs')!.getBoundingClientRect();
        return tab.left >= strip.left - 1 && tab.right <= strip.right + 1;
      }, `conv-tab-${id}`);
    const selected = () => mei.locator('.conv-tab.on').getAttribute('data-conversation');
    await mei.locator(`#conv-tab-${ids[0]}`).click();
    await expect.poll(selected).toBe(ids[0]);
    await mei.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 3; i++) await mei.keyboard.press('j');
    await expect.poll(selected).toBe(ids[3]);
    // Selected, it stayed scrolled out of the strip, to the right of the screen.
    await expect.poll(() => shown(ids[3]!)).toBe(true);
    // Only the selected tab is in the Tab order: arrows reach the others (they did nothing).
    await mei.locator(`#conv-tab-${ids[3]}`).focus();
    await mei.keyboard.press('ArrowLeft');
    await expect.poll(() => focused(mei)).toBe(`conv-tab-${ids[2]}`);
    expect(await selected()).toBe(ids[2]);
    await mei.keyboard.press('ArrowRight');
    await mei.keyboard.press('ArrowRight');
    await expect.poll(() => focused(mei)).toBe(`conv-tab-${ids[0]}`);
    await expect.poll(() => shown(ids[0]!)).toBe(true);
  });

  it('keeps focus on the conversation’s tab after closing it from the keyboard', async () => {
    const mei = await shift.signIn();
    const id = await assigned();
    await mei.locator(`#composer-${id}`).waitFor();
    await mei.locator('.conv-head .actions button.danger').focus();
    await mei.keyboard.press('Enter');
    await mei.locator('[role=dialog] button[type=submit]').focus();
    await mei.keyboard.press('Enter');
    await mei.locator(`#conversation-pane [data-status=closed]`).waitFor();
    await mei.locator('[role=dialog]').waitFor({ state: 'detached' });
    // Focus went back to Close, disabled once the conversation is closed, and from there to <body>.
    await expect.poll(() => focused(mei)).toBe(`conv-tab-${id}`);
  });

  it('asks before handing a shopper back to the bot: Escape keeps them, with focus back on the button; OK hands them back', async () => {
    const mei = await shift.signIn();
    const id = await assigned();
    await mei.locator(`#composer-${id}`).waitFor();
    const handback = mei.getByRole('button', { name: 'Back to the bot' });
    await handback.focus();
    await mei.keyboard.press('Enter');
    const dialog = mei.getByRole('dialog', { name: /back to the bot\?$/ });
    await dialog.waitFor();
    // Focus is inside (on Cancel, its first control), and Tab stays there.
    await expect
      .poll(() => mei.evaluate(() => !!document.activeElement?.closest('[role=dialog]')))
      .toBe(true);
    await mei.keyboard.press('Tab');
    await mei.keyboard.press('Tab');
    expect(await mei.evaluate(() => !!document.activeElement?.closest('[role=dialog]'))).toBe(true);
    // Where focus is the moment the dialog leaves the page (a key pressed then goes there): the
    // opener, not <body> until after the next paint.
    await mei.evaluate(() => {
      const box = document.querySelector('[role=dialog]');
      new MutationObserver((_, observer) => {
        if (box?.isConnected) return;
        observer.disconnect();
        document.body.dataset.focusAtClose = document.activeElement?.textContent ?? '';
      }).observe(document.body, { childList: true, subtree: true });
    });
    await mei.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await mei.evaluate(() => document.body.dataset.focusAtClose)).toBe('Back to the bot');
    expect(await mei.evaluate(() => document.activeElement?.textContent)).toBe('Back to the bot');
    expect(await mei.locator(`#conv-tab-${id}`).count()).toBe(1);
    await mei.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'OK' }).focus();
    await mei.keyboard.press('Enter');
    await mei.locator(`.conv-tab[data-conversation="${id}"]`).waitFor({ state: 'detached' });
    await expect.poll(() => focused(mei)).toBe('inbox-panel');
  });
});
