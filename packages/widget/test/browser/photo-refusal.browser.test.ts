import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** A 1×1 PNG the browser shows, with markup after its end: the hub refuses it (415, a polyglot). */
const polyglotPng = Buffer.concat([
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
  Buffer.from('<html><script>alert(1)</script></html>'),
]);

// The tray showed the hub's own words to the shopper: "发送失败: polyglot: the file is not
// accepted: markup ("<html>") inside the image" in a Chinese page.
describe.skipIf(skip)('a photo the hub refuses, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({ images: true });
  });
  afterAll(async () => {
    await fx?.close();
  });

  for (const [lang, words] of [
    ['zh-CN', '发送失败: 无法读取此文件，请选择图片'],
    ['en', 'Not sent: This file is not a photo we can read'],
  ] as const)
    it(`is marked not sent in the page's language, without the hub's message (${lang})`, async () => {
      const context = await fx.browserProfile();
      const page = await context.newPage();
      await page.goto(`${fx.origin}/refused?lang=${lang}`);
      await openWidget(page);
      await page.locator('[data-kefu] .row[data-seq="1"]').waitFor();
      await page
        .locator('[data-kefu] .att input[type=file]')
        .setInputFiles({ name: 'a.png', mimeType: 'image/png', buffer: polyglotPng });
      await page.locator('[data-kefu] .tray img').waitFor();
      await page.locator('[data-kefu] button.send').click();
      const alert = page.locator('[data-kefu] .tray [data-photo=failed] [role=alert]');
      await alert.waitFor();
      expect(await alert.textContent()).toBe(words);
      await context.close();
    });
});
