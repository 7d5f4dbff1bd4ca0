import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** The shopper frames (hellos, sends …) a page's sockets carried, parsed. */
function framesSent(page: import('playwright-core').Page): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => sent.push(JSON.parse(String(payload)))));
  return sent;
}

// A page whose scripts, or an attacker through them, did things to the globals the widget shares.
describe.skipIf(skip)('the widget on a hostile host page, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({
      // A <base> that sends relative addresses to another site (the merchant's tag is absolute).
      hostPage: (path, tag, hubUrl) =>
        path === '/based'
          ? {
              html: `<!doctype html><html><head><base href="https://evil.example/"><title>Shop</title>${tag.replace('src="/', `src="${hubUrl.replace(/^ws/, 'http').replace(/\/kefu$/, '')}/`)}</head><body><h1>Shop</h1></body></html>`,
            }
          : undefined,
    });
  });
  afterAll(async () => {
    await fx?.close();
  });

  // Finding (attack pass, 2026-12-07): the shopper client read its options and the kept state as
  // plain objects, so keys a page's prototype pollution put on Object.prototype (a deep-merge or
  // query-string parser given `__proto__[identity]=…`) filled what the widget left out. The hello
  // carried them: a string `session` or `identity` from the pollution, another shopper's if the
  // attacker put their own token there (the visitor then chats in the attacker's conversation), and
  // a bad one made the hub refuse every hello (`unauthorized`, not retried): no chat at all.
  it('sends no identity or session the page put on Object.prototype, and delivers', async () => {
    const context = await fx.browserProfile();
    await context.addInitScript(() => {
      for (const key of ['identity', 'session', 'conversationId', 'user', 'origin', 'backoff'])
        (Object.prototype as Record<string, unknown>)[key] = 'from-the-prototype';
    });
    const page = await context.newPage();
    const sent = framesSent(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${fx.origin}/polluted`);
    await openWidget(page);
    await send(page, 'from a polluted page');
    const hello = sent.find((frame) => frame.type === 'hello');
    expect(hello).toBeDefined();
    expect(JSON.stringify(sent)).not.toContain('from-the-prototype');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('delivers where storage and fetch throw, customElements is taken and a <base> points elsewhere', async () => {
    const context = await fx.browserProfile();
    await context.addInitScript(() => {
      for (const name of ['localStorage', 'sessionStorage'])
        Object.defineProperty(window, name, {
          get() {
            throw new DOMException('denied', 'SecurityError');
          },
        });
      window.fetch = () => {
        throw new TypeError('no fetch here');
      };
      customElements.define = () => {
        throw new DOMException('taken', 'NotSupportedError');
      };
    });
    const page = await context.newPage();
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(fx.origin)) elsewhere.push(request.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${fx.origin}/based`);
    await openWidget(page);
    await send(page, 'from a page that throws');
    expect(elsewhere).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
