import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { STRINGS } from '../src/strings.ts';
import { assignedShopper, consoleShift } from './console-fixture.ts';

const skip = await chromiumMissing();
const en = STRINGS.en;

describe.skipIf(skip)('one agent, the console open in two tabs (Chromium)', () => {
  const shift = consoleShift({ each: true });

  const focused = (page: Page) =>
    page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

  it('takes a conversation transferred from the other tab out of this one and says to whom', async () => {
    const here = await shift.signIn(0);
    const there = await shift.signIn(0);
    await shift.signIn(1);
    const shopper = await assignedShopper(shift.fx, shift.shoppers);
    const id = shopper.conversationId!;
    await there.locator(`#composer-${id}`).waitFor();
    const who = (await here.locator(`#conv-tab-${id} bdi`).textContent())!;
    // The agent is writing here when the conversation is handed on from the other tab.
    await here.locator(`#composer-${id}`).fill('Let me check');
    await there.getByRole('button', { name: en.transfer }).click();
    const dialog = there.locator('[role=dialog]');
    await dialog.getByRole('combobox').waitFor();
    await dialog.getByRole('button', { name: en.confirm }).click();
    await there.locator(`.conv-tab[data-conversation="${id}"]`).waitFor({ state: 'detached' });
    // It stayed open here, read-only ("someone else's"), with no word of the transfer.
    await here.locator(`.conv-tab[data-conversation="${id}"]`).waitFor({ state: 'detached' });
    expect(await here.locator('.flash').textContent()).toContain(en.handedOn(who, '李雷 Lei'));
    // Focus went down with the reply box, to <body>: it goes to the inbox.
    await expect.poll(() => focused(here)).toBe('inbox-panel');
  });
});
