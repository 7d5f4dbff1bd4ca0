import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();
const require = createRequire(import.meta.url);
// sharp is the SDK's (optional) dependency: the test photo is made with the hub's own image library.
type Encoder = { jpeg(o: { quality: number }): Encoder; toBuffer(): Promise<Buffer> };
const sharp = createRequire(require.resolve('@kefu/sdk/package.json'))('sharp') as (input: {
  create: { width: number; height: number; channels: 3; background: Record<string, number> };
}) => Encoder;

describe.skipIf(skip)('a photo picked in a chat first opened offline, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({ images: true });
  });
  afterAll(async () => {
    await fx?.close();
  });

  // The photo features are a chunk of their own, fetched when the chat opens; opened in a tunnel,
  // the fetch failed and the photo the shopper then picked was silently dropped.
  it('comes into the tray once the connection is back, and is sent', async () => {
    const context = await fx.phoneProfile({ width: 320, height: 568 });
    // An earlier visit, in another tab, learnt that this hub takes photos: a widget that has never
    // heard so offers no photo button (one the hub could refuse).
    const earlier = await context.newPage();
    await earlier.goto(`${fx.origin}/earlier?lang=en&viewport`);
    await earlier.locator(W.launcher).click();
    await earlier.locator('[data-kefu] .att').waitFor();
    await earlier.close();
    const page = await context.newPage();
    let failed = 0;
    page.on('requestfailed', (request) => {
      if (request.url().includes('kefu-attachments.js')) failed++;
    });
    // The app and its words are in (they load as the page settles), the rest not fetched yet.
    const words = page.waitForResponse((r) => r.url().includes('kefu-en.js'));
    await page.goto(`${fx.origin}/tunnel?lang=en&viewport`);
    // Run by the app once fetched: imported here again (as text, which Vitest leaves alone), it has
    // run once this resolves.
    await page.evaluate(`import(${JSON.stringify((await words).url())}).then(() => 1)`);
    await context.setOffline(true);
    await page.locator(W.launcher).click();
    await page.locator('[data-kefu] .banner').waitFor();
    const photo = await sharp({
      create: { width: 600, height: 400, channels: 3, background: { r: 200, g: 60, b: 40 } },
    })
      .jpeg({ quality: 90 })
      .toBuffer();
    await page
      .locator('[data-kefu] .att input[type=file]')
      .setInputFiles({ name: 'parcel.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expect.poll(() => failed, { timeout: 30_000 }).toBeGreaterThan(1);
    await context.setOffline(false);
    await page.locator('[data-kefu] .tray img').waitFor();
    await page.locator(W.textarea).fill('the parcel');
    await page.locator(W.textarea).press('Enter');
    await page.locator('[data-kefu] .row.me[data-seq] .th img[alt="the parcel"]').waitFor();
    await context.close();
  });
});
