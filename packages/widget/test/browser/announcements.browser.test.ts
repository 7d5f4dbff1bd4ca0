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
  return page.evaluate(() => {
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    const region = (node: Node) => {
      let el: Element | null = node instanceof Element ? node : node.parentElement;
      while (
        el &&
        !el.hasAttribute('aria-live') &&
        !/^(log|status|alert)$/.test(el.getAttribute('role') ?? '')
      )
        el = el.parentElement;
      return el && el.getAttribute('aria-live') !== 'off';
    };
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) if (region(n) && n.textContent) said.push(n.textContent);
    }).observe(document.querySelector('[data-kefu]')?.shadowRoot as ShadowRoot, {
      childList: true,
      subtree: true,
    });
  });
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
});
