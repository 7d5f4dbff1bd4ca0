import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cuttableProxy } from '../../../packages/sdk/src/testing/cuttable-proxy.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { assignedShopper, consoleShift, until } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('the agent’s connection drops and comes back (Chromium)', () => {
  const shift = consoleShift({ each: true });
  let net: Awaited<ReturnType<typeof cuttableProxy>>;

  beforeEach(async () => {
    net = await cuttableProxy('127.0.0.1', Number(new URL(shift.fx.origin).port));
  });
  afterEach(async () => {
    await net?.close();
  });

  /** Mei's console, reaching the hub through the proxy, with a shopper of hers open; what the shopper reads from her. */
  async function meiWithShopper() {
    const page = await shift.signIn(0, { origin: `http://127.0.0.1:${net.port}` });
    const read: string[] = [];
    const shopper = await assignedShopper(shift.fx, shift.shoppers, (s) =>
      s.on('message', (m) => {
        if (m.author.kind === 'agent' && m.content.kind === 'text') read.push(m.content.text);
      }),
    );
    const id = shopper.conversationId!;
    const box = page.locator(`#composer-${id}`);
    await box.waitFor();
    return { page, box, read, id };
  }

  async function goOffline(page: Page): Promise<void> {
    await net.cut();
    await page.locator('header.top .conn-reconnecting').waitFor();
  }

  it('sends a reply written offline once, and keeps the next one typed while it waited', async () => {
    const { page, box, read } = await meiWithShopper();
    await goOffline(page);
    await box.fill('Your refund is on its way');
    await box.press('Control+Enter');
    await page.getByText('Sending…').waitFor();
    // Still offline, she writes her next reply over the one waiting to go.
    await box.fill('Anything else I can do?');
    await net.restore();
    await until(() => read.length >= 1, 'the shopper to get the first reply');
    await page.getByText('Sending…').waitFor({ state: 'detached' });
    // The acknowledgement of the first reply used to empty the box, and her second reply with it.
    expect(await box.inputValue()).toBe('Anything else I can do?');
    await box.press('Control+Enter');
    await until(() => read.length >= 2, 'the shopper to get the second reply');
    expect(read).toEqual(['Your refund is on its way', 'Anything else I can do?']);
    await expect.poll(() => box.inputValue()).toBe('');
  });

  it('keeps what the agent typed while an internal note was being saved offline', async () => {
    const { page, box, id } = await meiWithShopper();
    await page.locator(`form.composer:has(#composer-${id}) .modes label`).nth(1).click();
    await goOffline(page);
    await box.fill('Refund approved by finance');
    await box.press('Control+Enter');
    await box.fill('Check the parcel weight');
    await net.restore();
    await page.locator('.transcript .entry.note').filter({ hasText: 'Refund approved by finance' }).waitFor();
    // Saved, the composer is free again: Save note is enabled once the save is answered.
    const save = page.locator(`form.composer:has(#composer-${id}) [type=submit]`);
    await expect.poll(() => save.isEnabled(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('.transcript .entry.note').count()).toBe(1);
    expect(await box.inputValue()).toBe('Check the parcel weight');
  });
  it('says the console is disconnected as soon as the browser loses the network, and connected when it is back', async () => {
    const { page, box, read } = await meiWithShopper();
    await page.context().setOffline(true);
    // The socket looks open for up to two heartbeats (25 s each) after the network goes: the
    // header said Connected while her reply sat at Sending… with nothing to say why.
    await page.locator('header.top .conn-offline').waitFor();
    expect(await page.locator('header.top [role=status]').first().textContent()).toBe('Disconnected');
    await box.fill('Let me check that for you');
    await box.press('Control+Enter');
    await page.context().setOffline(false);
    await page.locator('header.top .conn-open').waitFor();
    await until(() => read.includes('Let me check that for you'), 'the shopper to get the reply');
  });

  it('says "connection lost, try again" for a close the agent confirms while disconnected, and closes once back', async () => {
    const { page, id } = await meiWithShopper();
    await goOffline(page);
    const actions = page.locator(`#conversation-pane[aria-labelledby="conv-tab-${id}"] .actions`);
    await actions.getByRole('button', { name: 'Close', exact: true }).click();
    const dialog = page.locator('[role=dialog]');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByRole('alert').getByText('Failed: connection lost, try again').waitFor();
    await net.restore();
    await page.locator('header.top .conn-open').waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    // Closed this time: the dialog goes only when the hub says done.
    await dialog.waitFor({ state: 'detached' });
  });
});
