import type { InboxItem } from '@kefu/protocol';
import { type AgentClient, createAgentClient } from '@kefu/sdk/agent';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, SUPERVISOR_TOKEN, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** A small JPEG made in the page's own canvas (no image library needed). */
const jpeg = (page: Page) =>
  page.evaluate(async () => {
    const canvas = new OffscreenCanvas(480, 360);
    const g = canvas.getContext('2d');
    if (g) {
      g.fillStyle = '#b8864b';
      g.fillRect(0, 0, 480, 360);
    }
    const blob = await canvas.convertToBlob({ type: 'image/jpeg' });
    return [...new Uint8Array(await blob.arrayBuffer())];
  });

/** Waits until `agent` sees the shopper's conversation whose inbox line `matches`, takes it, and gives its id. */
async function takeConversation(
  agent: AgentClient,
  page: Page,
  matches: (item: InboxItem) => boolean,
): Promise<string> {
  let id: string | undefined;
  for (let i = 0; i < 400 && !id; i++) {
    id = agent.inbox.find(matches)?.conversationId;
    if (!id) await page.waitForTimeout(25);
  }
  if (!id) throw new Error('the conversation never reached the agent');
  await agent.accept(id).catch(() => agent.join(id));
  return id;
}

/** Pixels of the transcript below its visible part (0: the newest message is in view). */
const hiddenBelow = (page: Page) =>
  page
    .locator('[data-kefu] .log')
    .evaluate((log) => Math.round(log.scrollHeight - log.scrollTop - log.clientHeight));

/** Polls until the transcript is at its bottom; false when it never gets there. */
async function settlesAtBottom(page: Page): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if ((await hiddenBelow(page)) <= 1) return true;
    await page.waitForTimeout(50);
  }
  return false;
}

/** Scrolls the transcript to its top as a shopper's scroll does: read by the widget in its scroll event, a frame later. */
const scrollUp = (page: Page) =>
  page.locator('[data-kefu] .log').evaluate(
    (el) =>
      new Promise<void>((done) => {
        if (el.scrollTop === 0) return done();
        el.addEventListener('scroll', () => requestAnimationFrame(() => done()), { once: true });
        el.scrollTop = 0;
      }),
  );

describe.skipIf(skip)('the transcript keeps the newest message in view, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({ images: true });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('when something below it takes room (the photo tray) and when a photo in it loads', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/scroll`);
    await openWidget(page);
    // Enough messages to scroll, and the shopper is at the bottom.
    for (let i = 1; i <= 12; i++) await send(page, `message ${i}`);
    expect(await settlesAtBottom(page)).toBe(true);

    // A picked photo waits in the tray under the transcript: the transcript gets shorter.
    const buffer = Buffer.from(await jpeg(page));
    await page
      .locator('[data-kefu] .att input[type=file]')
      .setInputFiles({ name: 'box.jpg', mimeType: 'image/jpeg', buffer });
    await page.locator('[data-kefu] .tray img').waitFor();
    expect(await settlesAtBottom(page)).toBe(true);

    // Sent: its thumbnail loads after the message is drawn, and makes the transcript taller.
    await page.locator(W.textarea).press('Enter');
    await page.locator('[data-kefu] .row.me[data-seq] .th img').waitFor();
    await page
      .locator('[data-kefu] .row.me[data-seq] .th img')
      .evaluate((img: HTMLImageElement) => img.decode());
    expect(await settlesAtBottom(page)).toBe(true);
    await context.close();
  });

  it('when the survey opens under it after an agent closes the conversation', async () => {
    const agent = createAgentClient({ url: fx.hubUrl, token: SUPERVISOR_TOKEN, WebSocket });
    await agent.connect();
    const context = await fx.browserProfile();
    try {
      const page = await context.newPage();
      await page.goto(`${fx.origin}/survey`);
      await openWidget(page);
      for (let i = 1; i <= 12; i++) await send(page, `question ${i}`);
      const id = await takeConversation(agent, page, (item) => item.lastMessage?.preview === 'question 12');
      await agent.send(id, 'Glad to help, goodbye');
      await page.locator('[data-kefu] .row.them .bubble', { hasText: 'Glad to help, goodbye' }).waitFor();
      await agent.close(id, 'resolved');
      await page.locator('[data-kefu] .csat').waitFor();
      expect(await settlesAtBottom(page)).toBe(true);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });

  it('leaves a shopper who scrolled up to read where they are', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/scroll-up`);
    await openWidget(page);
    for (let i = 1; i <= 12; i++) await send(page, `line ${i}`);
    await page.locator('[data-kefu] .log').evaluate((log) => {
      log.scrollTop = 0;
    });
    const buffer = Buffer.from(await jpeg(page));
    await page
      .locator('[data-kefu] .att input[type=file]')
      .setInputFiles({ name: 'box.jpg', mimeType: 'image/jpeg', buffer });
    await page.locator('[data-kefu] .tray img').waitFor();
    expect(await page.locator('[data-kefu] .log').evaluate((log) => log.scrollTop)).toBe(0);
    await context.close();
  });

  // Finding (2026-12-07): a shopper scrolled up to read, who then sent a message, did not see it:
  // it went below, out of view (740 px under a 15-message conversation), as if nothing was sent.
  it('shows the shopper their own message when they send it while scrolled up', async () => {
    const context = await fx.browserProfile();
    try {
      const page = await context.newPage();
      await page.goto(`${fx.origin}/send-up?lang=zh-TW`);
      await openWidget(page);
      for (let i = 1; i <= 12; i++) await send(page, `問題 ${i}`);
      // As a shopper's scroll does: read by the widget in its scroll event, a frame later.
      await page.locator('[data-kefu] .log').evaluate(
        (el) =>
          new Promise<void>((done) => {
            el.addEventListener('scroll', () => requestAnimationFrame(() => done()), { once: true });
            el.scrollTop = 0;
          }),
      );
      expect(await hiddenBelow(page)).toBeGreaterThan(100);
      await send(page, '好的，謝謝');
      expect(await settlesAtBottom(page)).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('tells a shopper scrolled up that a reply came, with a button that takes them to it', async () => {
    const agent = createAgentClient({ url: fx.hubUrl, token: SUPERVISOR_TOKEN, WebSocket });
    await agent.connect();
    const context = await fx.browserProfile();
    const page = await context.newPage();
    await page.goto(`${fx.origin}/jump?lang=zh-CN`);
    await openWidget(page);
    for (let i = 1; i <= 12; i++) await send(page, `问题 ${i}`);
    const id = await takeConversation(agent, page, (item) => item.lastMessage?.preview === '问题 12');
    const jump = page.getByRole('button', { name: '有新消息 ↓' });
    /** The agent's reply, once the shopper's transcript has drawn it. */
    const reply = async (text: string) => {
      await agent.send(id, text);
      await page.locator('[data-kefu] .row.them .bubble', { hasText: text }).waitFor();
    };
    try {
      await reply('在的');
      // At the bottom, the reply is in view: no button.
      expect(await settlesAtBottom(page)).toBe(true);
      expect(await jump.count()).toBe(0);
      await scrollUp(page);
      await reply('请问您的订单号是多少？');
      await jump.waitFor();
      expect(await hiddenBelow(page)).toBeGreaterThan(100);
      // Seen where the transcript ends on screen, not below, out of view, with the reply.
      const inView = await jump.evaluate((b) => {
        const log = b.closest('.log')!.getBoundingClientRect();
        const box = b.getBoundingClientRect();
        return box.top >= log.top && box.bottom <= log.bottom && log.bottom - box.bottom < 40;
      });
      expect(inView).toBe(true);
      // Told politely (a live region), and reached by keyboard.
      expect(await jump.evaluate((b) => b.closest('[aria-live]')?.getAttribute('aria-live'))).toBe('polite');
      await jump.focus();
      await page.keyboard.press('Enter');
      expect(await settlesAtBottom(page)).toBe(true);
      await jump.waitFor({ state: 'detached' });

      // Scrolled up again, a reply shows it again; scrolling down to the newest hides it.
      await scrollUp(page);
      await reply('我帮您查一下');
      await jump.waitFor();
      await page.locator('[data-kefu] .log').evaluate((el) => {
        el.scrollTop = el.scrollHeight;
      });
      await jump.waitFor({ state: 'detached' });
    } finally {
      agent.disconnect();
      await context.close();
    }
  });

  it('keeps the message the shopper was reading in place when earlier messages load above it', async () => {
    // A long conversation from yesterday: a page (re)loaded gets only its latest page of messages.
    const agent = createAgentClient({ url: fx.hubUrl, token: SUPERVISOR_TOKEN, WebSocket });
    await agent.connect();
    const context = await fx.browserProfile();
    try {
      const page = await context.newPage();
      await page.goto(`${fx.origin}/history?lang=zh-CN`);
      await openWidget(page);
      await send(page, '我想问一下尺码');
      const id = await takeConversation(
        agent,
        page,
        (item) => item.shopperMessage?.preview === '我想问一下尺码',
      );
      for (let i = 1; i <= 110; i++) await agent.send(id, `第 ${i} 条`);
      await page.reload();
      // Open before the reload, so open after it.
      await page.locator(W.textarea).waitFor();
      await page.locator('[data-kefu] .row.them .bubble', { hasText: '第 110 条' }).waitFor();

      // The shopper scrolls up to the oldest message shown and asks for the earlier ones.
      const log = page.locator('[data-kefu] .log');
      // As a shopper's scroll does: the widget reads it in its scroll event (a frame later), and
      // a render before that would still follow the bottom; the place is measured once it is read.
      await log.evaluate(
        (el) =>
          new Promise<void>((done) => {
            if (el.scrollTop === 0) return done();
            el.addEventListener('scroll', () => requestAnimationFrame(() => done()), { once: true });
            el.scrollTop = 0;
          }),
      );
      /**
       * The seq of the first message row (or of `seq`), and how far below the log's top edge its
       * bubble is drawn (the row itself loses its author line once the same author's come above it).
       */
      const placeOf = (seq?: number) =>
        log.evaluate((el, wanted) => {
          const rows = [...el.querySelectorAll<HTMLElement>('[data-seq]')];
          const row = wanted === undefined ? rows[0] : rows.find((r) => Number(r.dataset.seq) === wanted);
          if (!row) throw new Error(`no row ${wanted}`);
          return {
            seq: Number(row.dataset.seq),
            top: Math.round(
              (row.querySelector('.bubble') ?? row).getBoundingClientRect().top -
                el.getBoundingClientRect().top,
            ),
            seqs: rows.map((r) => Number(r.dataset.seq)),
          };
        }, seq);
      const before = await placeOf();
      expect(before.seq).toBeGreaterThan(1);
      await page.getByRole('button', { name: '查看更早的消息' }).click();
      await page.locator(`[data-kefu] .row[data-seq="${before.seq - 1}"]`).waitFor();
      const after = await placeOf(before.seq);
      // Where it was, not pushed down out of sight by the page that came in above it (a page is
      // hundreds of pixels): within less than a line of text. The log keeps its distance from the
      // bottom through scrollHeight, a whole number of pixels over rows of fractional height (80
      // against 79 in one CI run), and one CI run measured 13 pixels apart (cause not found in 20
      // runs under load: a row below the one read that changed height between the click and the page).
      expect(Math.abs(after.top - before.top)).toBeLessThan(20);
      // Every message once, in order, across the page boundary.
      expect(after.seqs).toEqual(after.seqs.map((_, i) => after.seqs[0]! + i));
      expect(after.seqs[0]).toBeLessThan(before.seq);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });
});
