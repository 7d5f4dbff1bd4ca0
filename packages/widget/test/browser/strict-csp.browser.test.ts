import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();
const NONCE = 'csp-nonce-4f1a';

// The CSP the README gives merchants (The widget: a strict CSP): scripts by nonce alone (no
// 'strict-dynamic', no host of the widget's), styles by nonce alone, one socket. The app module and
// its locale chunk are imported by the nonced loader and inherit its nonce; the styles are
// constructable stylesheets, or `<style nonce>` in an engine without them.
describe.skipIf(skip)('the widget under a strict Content-Security-Policy, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({
      hostPage: (path, tag, hubUrl) =>
        path.startsWith('/csp/')
          ? {
              headers: {
                'content-security-policy': `default-src 'none'; script-src 'nonce-${NONCE}'; style-src 'nonce-${NONCE}'; connect-src ${hubUrl}; img-src 'self'`,
              },
              html: `<!doctype html><html lang="en"><head><title>Shop</title>
<script nonce="${NONCE}">window.Kefu=window.Kefu||function(){(Kefu.q=Kefu.q||[]).push(arguments)}</script>
${tag.replace('<script', `<script nonce="${NONCE}"`)}</head><body><h1>Shop</h1></body></html>`,
            }
          : undefined,
    });
  });
  afterAll(async () => {
    await fx?.close();
  });

  for (const constructable of [true, false]) {
    it(`chats with nothing refused, styles included (${constructable ? 'constructable stylesheets' : '<style nonce> fallback'})`, async () => {
      const context = await fx.browserProfile();
      // An engine without constructable stylesheets (Safari before 16.4).
      if (!constructable) await context.addInitScript(() => Reflect.deleteProperty(window, 'CSSStyleSheet'));
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(`${fx.origin}/csp/p/1`);
      await openWidget(page);
      await send(page, 'hello under a strict CSP');
      expect(await page.locator(W.launcher).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
        'rgb(36, 84, 214)',
      );
      expect((await page.locator('[data-kefu] .panel').boundingBox())?.width).toBeGreaterThan(300);
      expect(refused).toEqual([]);
      await context.close();
    });
  }
});
