import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { chromiumMissing } from '../../../test/servers.ts';
import { releaseChromium, reusablePage } from '../../../test/shared-chromium.ts';
import { assignedShopper, consoleShift, startConsoleServer, until } from './console-fixture.ts';

const skip = await chromiumMissing();

describe.skipIf(skip)('a conversation in the console (Chromium)', () => {
  const shift = consoleShift();

  /** An agent's console at `width` px, signed in; and a shopper whom the agent has, with the conversation's tab open. */
  async function agentWithShopper(width: number, lang: 'en' | 'zh' = 'en', height = 800) {
    const page = await shift.signIn(0, { width, height, lang });
    const shopper = await assignedShopper(shift.fx, shift.shoppers);
    const id = shopper.conversationId!;
    await page.locator(`.conv-tab[data-conversation="${id}"] [role=tab]`).click();
    return { page, shopper, id };
  }

  it('shows no green dot once the shopper has left', async () => {
    const { page, shopper, id } = await agentWithShopper(1280);
    const dot = page.locator(`.conv-tab[data-conversation="${id}"] .dot`);
    const dotLook = () =>
      dot.evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.backgroundColor} ${s.boxShadow}`;
      });
    await page.locator('[data-presence=online]').waitFor();
    const green = await dotLook();
    expect(green).toContain('rgb(22, 163, 74)');
    shopper.close();
    await page.locator('[data-presence=left]').waitFor();
    // The tab's dot no longer says "online" (green) beside the header's "Shopper left".
    const left = await dotLook();
    expect(left).not.toContain('rgb(22, 163, 74)');
    expect(left).toContain('rgb(148, 163, 184)');
    await expect(
      page.locator(`.conv-tab[data-conversation="${id}"] [role=tab]`).textContent(),
    ).resolves.toContain('Shopper left');
    await page.context().close();
  });

  it('claims neither "online" nor "left" while the console is disconnected, and reads it again once back', async () => {
    const { page, shopper, id } = await agentWithShopper(1280);
    const dot = page.locator(`.conv-tab[data-conversation="${id}"] .dot`);
    const green = () => dot.evaluate((el) => getComputedStyle(el).backgroundColor === 'rgb(22, 163, 74)');
    await page.locator('[data-presence=online]').waitFor();
    await page.context().setOffline(true);
    // The badge as it reads the moment the header says "Disconnected" (the browser's offline
    // event): it went on saying "Shopper online" until the hub socket's liveness check gave up,
    // about 14 s on (2026-12-07, outside QA).
    const badgeWhenCut = await page.waitForFunction(() =>
      document.querySelector('header.top .conn-offline, header.top .conn-reconnecting')
        ? [
            document.querySelector('.conv-head [data-presence]')?.getAttribute('data-presence'),
            document.querySelector('.conv-tab .dot')?.classList.contains('left'),
          ]
        : undefined,
    );
    expect(await badgeWhenCut.jsonValue()).toEqual(['unknown', true]);
    // Cut off, the console cannot know whether the shopper is still there (they may leave meanwhile).
    await page.locator('[data-presence=unknown]').waitFor();
    expect(await page.locator('.conv-head .badge[data-presence]').textContent()).toBe(
      'Shopper: unknown while disconnected',
    );
    expect(await green()).toBe(false);
    shopper.close();
    await page.context().setOffline(false);
    await page.locator('header.top .conn-open').waitFor();
    await page.locator('[data-presence=left]').waitFor();
    await page.context().close();
  });

  it('keeps the transcript at the newest message while a shopper writes one message after another', async () => {
    const { page, shopper, id } = await agentWithShopper(1024, 'zh', 600);
    const transcript = page.locator(`#conversation-pane[aria-labelledby="conv-tab-${id}"] .transcript`);
    await transcript.getByText('I want a human').waitFor();
    // The browser reports a scroll (the log's own scroll to the bottom) at its next frame; under a
    // burst of messages that frame came after the next message was drawn and before the deferred
    // effect scrolled to it, so the log read as "scrolled up" and stopped following, mid-way.
    // Reporting a scroll as soon as a message is drawn makes that timing certain.
    await transcript.evaluate((el) =>
      new MutationObserver(() => el.dispatchEvent(new Event('scroll'))).observe(el, { childList: true }),
    );
    for (let i = 1; i <= 6; i++) {
      shopper.send(`消息 ${i} 我的包裹还没到`);
      await transcript.getByText(`消息 ${i} 我的包裹还没到`).waitFor();
    }
    const fromBottom = () =>
      transcript.evaluate((el) => Math.round(el.scrollHeight - el.scrollTop - el.clientHeight));
    await expect.poll(fromBottom).toBeLessThan(40);
    await page.context().close();
  });

  it('gives the reply box the composer’s whole width on a 320 px screen', async () => {
    const { page, id } = await agentWithShopper(320);
    const box = (sel: string) => page.locator(sel).boundingBox();
    const form = (await box(`form.composer:has(#composer-${id})`))!;
    const reply = (await box(`#composer-${id}`))!;
    // Beside "Attach an image" and "Send" it was squeezed to a few letters a line.
    expect(reply.width).toBeGreaterThan(form.width * 0.8);
    const send = (await box(`form.composer:has(#composer-${id}) [type=submit]`))!;
    expect(send.x + send.width).toBeLessThanOrEqual(form.x + form.width);
    await page.context().close();
  });

  it('keeps 添加标签 on one line beside the tag box on a 320 px screen', async () => {
    const { page, id } = await agentWithShopper(320, 'zh');
    const button = page.locator(`section.conv-tags:has(#tag-input-${id}) .tag-add [type=submit]`);
    await button.waitFor();
    // One line box per line the label takes: it was broken after two characters, 添加 / 标签.
    const lines = await button.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    });
    expect(lines).toBe(1);
    // Both read in one frame: between two round trips the pane can still move (messages, assist).
    const [input, box] = await button.evaluate((el, inputId) => {
      const rect = (e: Element) => e.getBoundingClientRect().toJSON() as DOMRect;
      return [rect(document.getElementById(inputId)!), rect(el)];
    }, `tag-input-${id}`);
    expect(Math.abs(box.y + box.height / 2 - (input.y + input.height / 2))).toBeLessThan(4);
    expect(box.x + box.width).toBeLessThanOrEqual(320);
    await page.context().close();
  });

  it('takes focus to the accepted conversation’s reply box when Accept is pressed from the keyboard', async () => {
    // A hub of its own: the shopper asks while no agent is online, so the request waits in the queue.
    const own = await startConsoleServer();
    try {
      const shopper = createShopperClient({
        url: own.hubUrl,
        siteKey: 'demo',
        locale: 'en',
        storage: memoryStorage(),
        WebSocket,
        origin: own.origin,
      });
      shift.shoppers.push(shopper);
      shopper.connect();
      shopper.send('I want a human');
      await until(() => shopper.state?.status === 'ticket', 'the request to wait as a ticket');
      const id = shopper.conversationId!;
      const page = await shift.signIn(0, { origin: own.origin });
      await page.locator('#inbox-tab-queued').click();
      const accept = page.locator(`li[data-conversation="${id}"] button.accept`);
      await accept.focus();
      await page.keyboard.press('Enter');
      // The row and its button leave the queue; focus must not fall back to the page's start.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`composer-${id}`);
      await page.context().close();
    } finally {
      await own.close();
    }
  });

  // consoleShift hands each test's first page on to the next test (test/shared-chromium.ts): it must come clean.
  it('hands the next test a kept page with nothing of the last test left on it', async () => {
    // The console's script as a document: at its origin, with nothing of the app running.
    const at = `${shift.fx.origin}/console/app.js`;
    const page = await reusablePage(shift.browser, { width: 800, height: 600 });
    await page.goto(at);
    await page.evaluate(async () => {
      localStorage.setItem('left', '1');
      sessionStorage.setItem('left', '1');
      await new Promise((resolve) => {
        indexedDB.open('left').onsuccess = resolve;
      });
    });
    await page.context().addCookies([{ name: 'left', value: '1', url: at }]);
    await page.context().setOffline(true);
    await page.route('**/*', (route) => route.abort());
    const heard: string[] = [];
    page.on('console', (m) => heard.push(m.text()));
    await releaseChromium(shift.browser, page);
    const next = await reusablePage(shift.browser, { width: 1280, height: 800 });
    expect(next).toBe(page);
    expect(next.viewportSize()).toEqual({ width: 1280, height: 800 });
    // Online, with no route in the way.
    expect((await next.goto(at))?.status()).toBe(200);
    const left = await next.evaluate(async () => ({
      local: localStorage.getItem('left'),
      session: sessionStorage.getItem('left'),
      cookie: document.cookie,
      databases: (await indexedDB.databases()).map((d) => d.name),
    }));
    expect(left).toEqual({ local: null, session: null, cookie: '', databases: [] });
    await next.evaluate(() => console.log('heard by nobody'));
    expect(heard).toEqual([]);
  });
});
