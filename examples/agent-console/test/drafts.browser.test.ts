import { describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { assignedShopper, consoleShift, until } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('a reply half-typed when the console page is reloaded (Chromium)', () => {
  const shift = consoleShift({ each: true });

  it('is still in the reply box after the reload, and gone once sent', async () => {
    const page = await shift.signIn(0);
    const texts: string[] = [];
    const shopper = await assignedShopper(shift.fx, shift.shoppers, (s) =>
      s.on('message', (m) => {
        if (m.content.kind === 'text' && m.author.kind === 'agent') texts.push(m.content.text);
      }),
    );
    const box = page.locator(`#composer-${shopper.conversationId}`);
    await box.fill('Let me check your ord');
    // The agent reloads a console that looked stuck (or the browser restores the tab).
    await page.reload();
    await page.locator('header.top .conn-open').waitFor();
    await expect.poll(() => box.inputValue()).toBe('Let me check your ord');
    await box.press('End');
    await box.pressSequentially('er now.');
    await box.press('Control+Enter');
    await until(() => texts.includes('Let me check your order now.'), 'the shopper to get the reply');
    await expect.poll(() => box.inputValue()).toBe('');
    await page.reload();
    await page.locator('header.top .conn-open').waitFor();
    await box.waitFor();
    expect(await box.inputValue()).toBe('');
    expect(texts).toEqual(['Let me check your order now.']);
  });
});
