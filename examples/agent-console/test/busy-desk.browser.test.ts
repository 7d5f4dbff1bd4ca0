import { createShopperClient, memoryStorage, type ShopperClient } from '@kefu/sdk/client';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { cuttableProxy } from '../../../packages/sdk/src/testing/cuttable-proxy.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { assignedShopper, consoleShift, until } from './console-fixture.ts';

const skip = await chromiumMissing();

/** Each open conversation's tab: its id, its unread count, and whether it is the one shown. */
const convTabs = (page: Page) =>
  page.locator('.conv-tab').evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-conversation') ?? '',
      unread: Number(e.querySelector('.unread')?.getAttribute('data-unread') ?? 0),
      shown: e.querySelector('[role=tab][aria-selected=true]') !== null,
    })),
  );

describe.skipIf(skip)('a busy desk: many shoppers at once, the agent’s network dropping (Chromium)', () => {
  // A chatty shopper: hundreds of messages in one conversation, past the hub's per-conversation budget.
  const shift = consoleShift({
    each: true,
    hub: { limits: { conversationMessagesPerSecond: 1000, conversationMessageBurst: 1000 } },
  });
  let net: Awaited<ReturnType<typeof cuttableProxy>>;

  beforeEach(async () => {
    net = await cuttableProxy('127.0.0.1', Number(new URL(shift.fx.origin).port));
  });
  afterEach(async () => {
    await net?.close();
  });

  it('shows one of the conversations the hub assigns at once to an idle console, and counts the others as unread, not read', async () => {
    const page = await shift.signIn(0, { lang: 'zh' });
    const readBy = new Map<ShopperClient, number>();
    const shoppers = Array.from({ length: 5 }, (_, i) => {
      const s = createShopperClient({
        url: shift.fx.hubUrl,
        siteKey: 'demo',
        locale: i % 2 ? 'en' : 'zh-CN',
        storage: memoryStorage(),
        WebSocket,
        origin: shift.fx.origin,
      });
      shift.shoppers.push(s);
      s.on('read', (seq) => readBy.set(s, seq));
      s.connect();
      return s;
    });
    // Five ask for a person together: the hub hands them to Mei in one go, before she has any open.
    for (const [i, s] of shoppers.entries()) s.send(i % 2 ? 'I want a human' : '转人工');
    await until(() => shoppers.every((s) => s.state?.status === 'assigned'), 'all five assigned to Mei');
    await until(async () => (await convTabs(page)).length === 5, 'five conversation tabs');
    // Each came to the front for a moment and was marked read as it opened; the console settles.
    await page.waitForTimeout(500);
    const tabs = await convTabs(page);
    const shown = tabs.filter((t) => t.shown);
    expect(shown).toHaveLength(1);
    // The four behind it wait with what their shoppers wrote counted, as any opened behind one shown.
    for (const t of tabs.filter((t) => !t.shown)) expect(t.unread, t.id).toBeGreaterThan(0);
    // Only the shopper whose conversation is on screen is told it was read.
    const told = shoppers.filter((s) => readBy.has(s)).map((s) => s.conversationId);
    expect(told).toEqual([shown[0]!.id]);
  });

  it('counts what shoppers wrote while the agent was offline as unread, and drops "typing" of a shopper who since wrote', async () => {
    const page = await shift.signIn(0, { origin: `http://127.0.0.1:${net.port}` });
    const a = await assignedShopper(shift.fx, shift.shoppers);
    const b = await assignedShopper(shift.fx, shift.shoppers);
    const c = await assignedShopper(shift.fx, shift.shoppers);
    await until(async () => (await convTabs(page)).length === 3, 'three conversation tabs');
    for (const s of [b, c, a]) await page.locator(`#conv-tab-${s.conversationId}`).click();
    expect((await convTabs(page)).map((t) => t.unread)).toEqual([0, 0, 0]);
    const typing = page.locator('#conversation-pane .typing');
    // B starts typing, as Mei looks at B.
    await page.locator(`#conv-tab-${b.conversationId}`).click();
    b.setTyping(true);
    await typing.waitFor();
    await page.locator(`#conv-tab-${a.conversationId}`).click();
    await net.cut();
    await page.locator('header.top .conn-reconnecting').waitFor();
    // While Mei's network is down: B stops typing and writes twice, C once.
    b.setTyping(false);
    b.send('B one');
    b.send('B two');
    c.send('C one');
    await until(
      () => b.messages.some((m) => m.seq > 0 && m.content.kind === 'text' && m.content.text === 'B two'),
      'B’s messages stored',
    );
    await until(
      () => c.messages.some((m) => m.content.kind === 'text' && m.content.text === 'C one'),
      'C stored',
    );
    await net.restore();
    await page.locator('header.top .conn-open').waitFor({ timeout: 30_000 });
    const unreadOf = async (id: string) => (await convTabs(page)).find((t) => t.id === id)?.unread;
    await expect.poll(() => unreadOf(b.conversationId!)).toBe(2);
    await expect.poll(() => unreadOf(c.conversationId!)).toBe(1);
    await page.locator(`#conv-tab-${b.conversationId}`).click();
    await page.locator('#conversation-pane .transcript').getByText('B two').waitFor();
    expect(await typing.count()).toBe(0);
  });

  it('keeps the log still while the agent reads back through a long conversation, and counts what the shopper writes meanwhile', async () => {
    const page = await shift.signIn(0, { lang: 'zh', height: 700 });
    /** What the shopper is told was read, and whether Mei was reading back then. */
    const reads: { seq: number; readingBack: boolean }[] = [];
    let readingBack = false;
    const shopper = await assignedShopper(shift.fx, shift.shoppers, (s) =>
      s.on('read', (seq) => reads.push({ seq, readingBack })),
    );
    const id = shopper.conversationId!;
    await page.locator(`#conv-tab-${id}`).click();
    const log = page.locator('#conversation-pane .transcript');
    /** Pixels of the log below what it shows (0: the newest message is in view). */
    const hiddenBelow = () => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    for (let i = 1; i <= 200; i++) shopper.send(`第 ${i} 条：我的快递怎么还没到`);
    await log.getByText('第 200 条：我的快递怎么还没到').waitFor();
    // Hundreds of messages cost a handful of nodes each, not more with each one.
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    expect(nodes).toBeLessThan(200 * 6 + 600);
    const newBelow = log.locator('button.new-below');
    expect(await newBelow.count()).toBe(0);
    // Mei scrolls up to read what the shopper said earlier; the shopper writes three more.
    await log.hover();
    await page.mouse.wheel(0, -3000);
    await expect.poll(hiddenBelow).toBeGreaterThan(1000);
    const top = await log.evaluate((el) => el.scrollTop);
    readingBack = true;
    const stored = shopper.messages.length;
    for (const text of ['还在吗', '人呢？', 'hello?']) shopper.send(text);
    await log.getByText('hello?').waitFor({ state: 'attached' });
    // Where she reads stays put, and the log says three new messages wait below.
    await expect.poll(() => newBelow.textContent()).toBe('3 条新消息 ↓');
    expect(await log.evaluate((el) => el.scrollTop)).toBe(top);
    await until(() => shopper.messages.length >= stored + 3, 'the three stored');
    const third = shopper.messages.at(-1)!.seq;
    readingBack = false;
    // From the keyboard: the button takes her to the newest and goes; focus stays in the log.
    await newBelow.focus();
    await page.keyboard.press('Enter');
    await expect.poll(hiddenBelow).toBeLessThan(40);
    expect(await newBelow.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('log');
    // The shopper is told they were read once Mei is back at them, not while she read further up.
    await until(() => reads.some((r) => r.seq >= third), 'the three marked read');
    expect(reads.filter((r) => r.seq > stored).every((r) => !r.readingBack)).toBe(true);
    // Following the bottom again: the next message shows, with no button.
    shopper.send('最后一条');
    await log.getByText('最后一条').waitFor();
    await expect.poll(hiddenBelow).toBeLessThan(40);
    expect(await newBelow.count()).toBe(0);
  });

  it('leaves a message unread, not read, while the supervisor looks at the dashboard, and reads it once back at the desk', async () => {
    const page = await shift.signIn(2, { lang: 'zh' });
    /** What the shopper is told was read, and whether Wang was at the desk then. */
    const reads: { seq: number; atDesk: boolean }[] = [];
    let atDesk = true;
    const shopper = await assignedShopper(shift.fx, shift.shoppers, (s) =>
      s.on('read', (seq) => reads.push({ seq, atDesk })),
    );
    const id = shopper.conversationId!;
    await page.locator(`#conv-tab-${id}`).click();
    await until(() => reads.length > 0, 'what the shopper wrote marked read as it is shown');
    await page.getByRole('link', { name: '看板' }).click();
    await page.locator('#conversation-pane').waitFor({ state: 'detached' });
    atDesk = false;
    shopper.send('你好，还在吗？');
    await until(
      () => shopper.messages.some((m) => m.content.kind === 'text' && m.content.text === '你好，还在吗？'),
      'the message stored',
    );
    const asked = shopper.messages.at(-1)!.seq;
    // A while on the dashboard (a read receipt sent as the message came would be in by now).
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await new Promise((r) => setTimeout(r, 500));
    atDesk = true;
    await page.getByRole('link', { name: '工作台' }).click();
    await page.locator('#conversation-pane').getByText('你好，还在吗？').waitFor();
    await until(
      () => reads.some((r) => r.seq >= asked),
      'the message marked read once Wang is back at the desk',
    );
    // Not while he looked at the dashboard.
    expect(reads.filter((r) => r.seq >= asked).every((r) => r.atDesk)).toBe(true);
  });
});
