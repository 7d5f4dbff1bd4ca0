import { createAgentClient } from '@kefu/sdk/agent';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../../test/servers.ts';
import { SUPERVISOR_TOKEN, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/**
 * Records what a screen reader is given to announce in the widget: the text of each node added
 * inside a live region, as Chromium decides it (the nearest element with `aria-live`, or a `log`,
 * `status` or `alert` role, is the region; one with `aria-live="off"` is silent).
 */
function recordAnnouncements(page: Page): Promise<void> {
  return page.evaluate(startRecording);
}

/** The recorder itself, run in the page: now, or as an init script once the widget's shadow root is there. */
function startRecording(): void {
  const said: string[] = [];
  (window as unknown as { said: string[] }).said = said;
  const region = (node: Node) => {
    let el: Element | null = node instanceof Element ? node : node.parentElement;
    while (el && !el.hasAttribute('aria-live') && !/^(log|status|alert)$/.test(el.getAttribute('role') ?? ''))
      el = el.parentElement;
    return el && el.getAttribute('aria-live') !== 'off';
  };
  const observe = (root: ShadowRoot) =>
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) if (region(n) && n.textContent) said.push(n.textContent);
    }).observe(root, { childList: true, subtree: true });
  const root = document.querySelector('[data-kefu]')?.shadowRoot;
  if (root) {
    observe(root);
    return;
  }
  // Before the loader has run: its host comes with its shadow root, long before the app draws a panel.
  const wait = new MutationObserver(() => {
    const host = document.querySelector('[data-kefu]')?.shadowRoot;
    if (host) {
      wait.disconnect();
      observe(host);
    }
  });
  wait.observe(document, { childList: true, subtree: true });
}

describe.skipIf(skip)('what a screen reader announces in the chat, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('announces the reply once, and never reads back what the shopper sent', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/announce?lang=en`);
    await page.locator(W.launcher).waitFor();
    await recordAnnouncements(page);
    await page.locator(W.launcher).focus();
    await page.keyboard.press('Enter');
    await page.locator(W.textarea).waitFor();
    await page.keyboard.type('Where is my parcel?');
    await page.keyboard.press('Enter');
    // Stored, delivered, and answered.
    await page.locator(W.mine('Where is my parcel?')).waitFor();
    await page.locator('[data-kefu] .row.me[data-seq] .tk').waitFor();
    const answer = page.locator('[data-kefu] .row.me ~ .row.them .bubble').first();
    await answer.waitFor();
    const reply = await answer.textContent();
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
    // The transcript is still the live region that speaks the shop's side.
    expect(await page.locator('[data-kefu] [role=log]').getAttribute('aria-live')).toBe('polite');
    expect(said.filter((s) => s.includes(reply as string))).toHaveLength(1);
    expect(said.filter((s) => s.includes('Where is my parcel?'))).toEqual([]);
    await context.close();
  });

  it('says the agent’s reply, not each time the agent starts typing', async () => {
    const agent = createAgentClient({ url: fx.hubUrl, token: SUPERVISOR_TOKEN, WebSocket });
    await agent.connect();
    const context = await fx.browserProfile();
    try {
      const page = await context.newPage();
      await page.goto(`${fx.origin}/typing?lang=en`);
      await page.locator(W.launcher).waitFor();
      await page.locator(W.launcher).click();
      await page.locator(W.textarea).waitFor();
      await send(page, 'Is the blue one in stock?');
      let id: string | undefined;
      const asked = (item: (typeof agent.inbox)[number]) =>
        (item.shopperMessage ?? item.lastMessage)?.preview === 'Is the blue one in stock?';
      await expect.poll(() => (id = agent.inbox.find(asked)?.conversationId)).toBeDefined();
      await agent.accept(id!).catch(() => agent.join(id!));
      await recordAnnouncements(page);
      // The agent types, pauses, types again, then answers.
      for (let i = 0; i < 2; i++) {
        agent.typing(id!, true);
        await page.locator('[data-kefu] .typing').waitFor();
        agent.typing(id!, false);
        await page.locator('[data-kefu] .typing').waitFor({ state: 'detached' });
      }
      await agent.send(id!, 'Yes, in every size.');
      await page.locator('[data-kefu] .row.them .bubble', { hasText: 'Yes, in every size.' }).waitFor();
      const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
      // "Boss is typing…" twice, between whatever the shopper was reading.
      expect(said.filter((s) => s.includes('typing'))).toEqual([]);
      expect(said.filter((s) => s.includes('Yes, in every size.'))).toHaveLength(1);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });
  // Finding (QA with a screen reader's eyes, 2026-12-07): with the chat left open, each reload or next
  // page of the shop drew the panel at once, empty, and the conversation then came from the hub into
  // its live region: the screen reader read the whole conversation out again on every page.
  it('reads out only what is new after a reload or the next page with the chat open, not the conversation again', async () => {
    const agent = createAgentClient({ url: fx.hubUrl, token: SUPERVISOR_TOKEN, WebSocket });
    await agent.connect();
    const context = await fx.browserProfile();
    try {
      const page = await context.newPage();
      await page.goto(`${fx.origin}/next-page?lang=en`);
      await page.locator(W.launcher).click();
      await page.locator(W.textarea).waitFor();
      await send(page, 'Does it come in green?');
      let id: string | undefined;
      const asked = (item: (typeof agent.inbox)[number]) =>
        (item.shopperMessage ?? item.lastMessage)?.preview === 'Does it come in green?';
      await expect.poll(() => (id = agent.inbox.find(asked)?.conversationId)).toBeDefined();
      await agent.accept(id!).catch(() => agent.join(id!));
      await agent.send(id!, 'Only in blue and grey.');
      const reply = (text: string) => page.locator('[data-kefu] .row.them .bubble', { hasText: text });
      await reply('Only in blue and grey.').waitFor();

      await context.addInitScript(startRecording);
      await page.goto(`${fx.origin}/next-page-2?lang=en`);
      await reply('Only in blue and grey.').waitFor();
      await agent.send(id!, 'Grey comes back next week.');
      await reply('Grey comes back next week.').waitFor();
      const said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
      expect(said.filter((s) => s.includes('Only in blue and grey.'))).toEqual([]);
      expect(said.filter((s) => s.includes('Grey comes back next week.'))).toHaveLength(1);
      // Nor the lines around it (the hand-over, the agent joining): all of what is said is the news.
      expect(said.join(' | ')).toBe(said.filter((s) => s.includes('Grey comes back')).join(' | '));
    } finally {
      agent.disconnect();
      await context.close();
    }
  });
});
