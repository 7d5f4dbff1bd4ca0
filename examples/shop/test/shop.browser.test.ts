import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { axeViolations } from '../../../test/axe.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { demoFixture, W } from './demo-fixture.ts';

const skip = await chromiumMissing();

/** Counts what a page shows with exactly this text (shadow DOM included). */
const count = (page: Page, selector: string) => page.locator(selector).count();
const agentCount = (agent: Page, text: string) =>
  agent.locator('#messages .msg.shopper .text', { hasText: new RegExp(`^${text}$`) }).count();

async function openWidget(page: Page): Promise<void> {
  await page.locator(W.launcher).click();
  await page.locator(W.textarea).waitFor();
}

async function send(page: Page, text: string): Promise<void> {
  await page.locator(W.textarea).fill(text);
  await page.locator(W.textarea).press('Enter');
}

describe.skipIf(skip)('demo shop in Chromium', () => {
  let fx: Awaited<ReturnType<typeof demoFixture>>;
  let shopper: BrowserContext;
  let page: Page;
  let agent: Page;
  let product: string;

  beforeAll(async () => {
    fx = await demoFixture();
    product = `${fx.demo.shopUrl}p/merino-cardigan`;
    // An agent is online before the shopper writes (while nobody is, the hub opens a ticket instead).
    agent = await fx.agent();
    shopper = await fx.shopper();
    page = await shopper.newPage();
    await page.goto(product);
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('draws only the launcher at first, inside a shadow root', async () => {
    await page.locator(W.launcher).waitFor();
    expect(await page.locator('[data-kefu]').evaluate((el) => el.shadowRoot?.mode)).toBe('open');
    expect(await count(page, W.panel)).toBe(0);
    expect(await axeViolations(page, 'widget')).toEqual([]);
    // And the demo's own product page around it (its struck list price was grey at 2.5:1 on white).
    expect(await axeViolations(page, 'page')).toEqual([]);
    await page.screenshot({ path: '/tmp/kefu-closed.png' });
  });

  it('opens, moves focus into the panel, and passes axe with the panel open', async () => {
    await openWidget(page);
    expect(await page.locator(W.launcher).getAttribute('aria-expanded')).toBe('true');
    expect(
      await page.evaluate(() => document.querySelector('[data-kefu]')?.shadowRoot?.activeElement?.tagName),
    ).toBe('TEXTAREA');
    await page.locator('[data-kefu] .row.them').first().waitFor(); // the bot's greeting
    expect(await axeViolations(page, 'widget')).toEqual([]);
  });

  it('does not send on Enter while a Chinese IME composition is open', async () => {
    const box = page.locator(W.textarea);
    await box.focus();
    const cdp = await shopper.newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'nihao', selectionStart: 5, selectionEnd: 5 });
    // The Enter a shopper presses to pick the candidate: keydown arrives with isComposing = true.
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'rawKeyDown',
      key: 'Enter',
      code: 'Enter',
      windowsVirtualKeyCode: 229,
      nativeVirtualKeyCode: 229,
    });
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyUp',
      key: 'Enter',
      code: 'Enter',
      windowsVirtualKeyCode: 229,
    });
    await cdp.send('Input.insertText', { text: '你好' });
    expect(await box.inputValue()).toBe('你好');
    expect(await count(page, '[data-kefu] .row.me')).toBe(0);
    // Composition over: now Enter sends.
    await box.press('End');
    await box.type('，这件有 L 码吗？');
    await box.press('Enter');
    await page.locator(W.mine('你好，这件有 L 码吗？')).waitFor();
    expect(await box.inputValue()).toBe('');
    await cdp.detach();
  });

  it('hands over to a person on request: the hub assigns the agent, who replies, and the reply appears', async () => {
    // The bot answers first; asking for a person queues the conversation, and the hub assigns it
    // to the only agent online, whose page opens it.
    await send(page, '转人工');
    await page.locator('[data-kefu] .state', { hasText: '小美 Mei' }).waitFor();
    await agent.locator('#inbox li[data-status=assigned] button.open').waitFor();
    await agent.locator('#conversation:not([hidden])').waitFor();
    await agent.locator('#messages .msg.shopper .text', { hasText: '你好，这件有 L 码吗？' }).waitFor();
    await agent.fill('#reply', '您好，L 码有货，尺码表见 https://example.com/size');
    await agent.press('#reply', 'Enter');
    await page.locator('[data-kefu] .row.them .bubble', { hasText: '您好，L 码有货' }).waitFor();
    const link = page.locator('[data-kefu] .row.them .bubble a').last();
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await page.locator('[data-kefu] .state', { hasText: '小美 Mei' }).waitFor();
    // The agent has read my message: its tick turns to read.
    await page.locator('[data-kefu] .row.me [data-tick=read]').first().waitFor();
    await page.screenshot({ path: '/tmp/kefu-open.png' });
  });

  it('queues messages typed offline and delivers each exactly once after a hub restart', async () => {
    await shopper.setOffline(true);
    await page.locator('[data-kefu] .banner').waitFor();
    await send(page, '离线时发的第一条');
    await send(page, '离线时发的第二条');
    await page.locator('[data-kefu] .row.pending', { hasText: '联网后发送' }).first().waitFor();
    await page.screenshot({ path: '/tmp/kefu-offline.png' });
    await fx.restartHub();
    await shopper.setOffline(false);
    for (const text of ['离线时发的第一条', '离线时发的第二条']) {
      await page.locator(`[data-kefu] .row.me[data-seq] .bubble`, { hasText: text }).waitFor();
      await agent.locator('#messages .msg.shopper .text', { hasText: text }).waitFor({ timeout: 30_000 });
    }
    await agent.fill('#reply', '收到两条');
    await agent.press('#reply', 'Enter');
    await page.locator('[data-kefu] .row.them .bubble', { hasText: '收到两条' }).waitFor();
    for (const text of ['离线时发的第一条', '离线时发的第二条', '你好，这件有 L 码吗？']) {
      expect(await count(page, W.mine(text))).toBe(1);
      expect(await agentCount(agent, text)).toBe(1);
    }
  });

  it('restores the transcript after a reload', async () => {
    await page.reload();
    // Open before the reload, so open after it (in this tab).
    await page.locator(W.textarea).waitFor();
    await page.locator('[data-kefu] .row.them .bubble', { hasText: '收到两条' }).waitFor();
    expect(await count(page, W.mine('离线时发的第一条'))).toBe(1);
  });

  it('shows the same conversation in a second tab, both ways', async () => {
    const tab = await shopper.newPage();
    await tab.goto(product);
    await openWidget(tab);
    await tab.locator('[data-kefu] .row.them .bubble', { hasText: '收到两条' }).waitFor();
    await send(tab, '第二个标签页');
    await page.locator(W.mine('第二个标签页')).waitFor();
    await agent.locator('#messages .msg.shopper .text', { hasText: '第二个标签页' }).waitFor();
    expect(await agentCount(agent, '第二个标签页')).toBe(1);
    await tab.close();
  });

  it('asks for a rating once the agent closes, and the hub stores it', async () => {
    await agent.click('#close');
    const survey = page.locator('[data-kefu] form.csat');
    await survey.waitFor();
    expect(await axeViolations(page, 'widget')).toEqual([]);
    // Keyboard only: into the radio group, arrows to four stars, a comment, send.
    await survey.locator('input[type=radio]').first().focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await survey.locator('input[type=radio]:checked').getAttribute('value')).toBe('4');
    await survey.locator('textarea').fill('回复很快');
    await survey.locator('button[type=submit]').press('Enter');
    await survey.waitFor({ state: 'detached' });
    await page.locator('[data-kefu] .closed-hint', { hasText: '感谢您的评价' }).waitFor();
    await agent.locator('#conv-rating', { hasText: '4/5' }).waitFor();
    await page.screenshot({ path: '/tmp/kefu-rated.png' });
  });

  it('works on a 375×667 phone: full screen, 16px input, no zoom', async () => {
    const phone = await fx.shopper({ viewport: { width: 375, height: 667 }, mobile: true });
    const p = await phone.newPage();
    await p.goto(`${product}?lang=en`);
    await p.locator(W.launcher).tap();
    await p.locator(W.panel).waitFor();
    const box = await p.locator(W.panel).boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 375, height: 667 });
    expect(
      await p.locator(W.textarea).evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize)),
    ).toBeGreaterThanOrEqual(16);
    await p.locator(W.textarea).fill('Hello from my phone');
    await p.locator('[data-kefu] button.send').tap();
    await p.locator(W.mine('Hello from my phone')).waitFor();
    expect(await axeViolations(p, 'widget')).toEqual([]);
    await p.screenshot({ path: '/tmp/kefu-mobile.png' });
  });

  it('survives a hostile host page with a strict CSP, touching only window.Kefu and its own host', async () => {
    const nonce = 'hostile-nonce-123';
    const body =
      '<div class="overlay">promo</div><div class="chat widget launcher button panel">page content</div><p class="hidden">text</p>';
    const hostile = (withWidget: boolean) => `<!doctype html><html lang="en"><head><title>Hostile</title>
<style nonce="${nonce}">*{all:unset !important}.overlay{display:block !important;position:fixed !important;inset:0 0 auto 0 !important;height:60px !important;z-index:99999 !important;background:#000 !important}
.chat,.widget,.launcher,.button,.panel,.kefu,.app,.l,.b,.log,.composer{display:none !important}div,button,textarea{font-size:40px !important;color:red !important}</style>
${withWidget ? `<script nonce="${nonce}">window.Kefu=window.Kefu||function(){(Kefu.q=Kefu.q||[]).push(arguments)};Kefu('locale','en')</script><script async nonce="${nonce}" src="${fx.demo.shopUrl}widget/kefu.js" data-site="demo" data-hub="${fx.demo.hubUrl}" data-load="interaction"></script>` : ''}
</head><body>${body}</body></html>`;
    // The merchant's page lives on its own origin and allows scripts by nonce and one socket, nothing else.
    const csp = `default-src 'none'; script-src 'nonce-${nonce}' 'strict-dynamic'; style-src 'nonce-${nonce}'; connect-src ${fx.demo.hubUrl}; img-src 'self'`;
    // Served by a real loopback server, not page.route: Chromium treats a fulfilled document as
    // public, and its local-network-access check then blocks the socket to 127.0.0.1.
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      res.end(hostile(req.url === '/with-widget'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    onTestFinished(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const context = await fx.shopper();
    const p = await context.newPage();
    const violations: string[] = [];
    p.on('console', (m) => {
      if (/Content Security Policy|Refused/i.test(m.text())) violations.push(m.text());
    });
    await p.goto(`${origin}/plain`);
    const globalsBefore = await p.evaluate(() => Object.getOwnPropertyNames(window));
    await p.goto(`${origin}/with-widget`);
    await p.locator(W.launcher).click();
    await p.locator(W.textarea).waitFor();
    await p.locator(W.textarea).fill('hello from a hostile page');
    await p.locator(W.textarea).press('Enter');
    await p
      .locator('[data-kefu] .row.me[data-seq] .bubble', { hasText: 'hello from a hostile page' })
      .waitFor();
    const box = await p.locator(W.panel).boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    const globalsAfter = await p.evaluate(() => Object.getOwnPropertyNames(window));
    expect(globalsAfter.filter((g) => !globalsBefore.includes(g))).toEqual(['Kefu']);
    const outside = await p.evaluate(() => {
      const clone = document.body.cloneNode(true) as HTMLElement;
      clone.querySelector('[data-kefu]')?.remove();
      return clone.innerHTML;
    });
    expect(outside).toBe(body);
    expect(violations).toEqual([]);
    await p.screenshot({ path: '/tmp/kefu-hostile.png' });
  });
});
