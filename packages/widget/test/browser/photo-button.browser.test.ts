import { afterEach, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let fx: Awaited<ReturnType<typeof widgetFixture>> | undefined;

// Finding (2026-12-06, outside QA as a merchant): a hub without `images` refuses every photo (403
// forbidden), yet the widget offered the photo button all the same. The welcome now says whether
// the hub takes photos.
describe.skipIf(skip)('the photo button, as the hub says it takes photos (Chromium)', () => {
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  for (const images of [false, true])
    it(`is ${images ? '' : 'not '}offered by a hub ${images ? 'with' : 'without'} images`, async () => {
      fx = await widgetFixture({ images });
      const context = await fx.browserProfile();
      const page = await context.newPage();
      await page.goto(`${fx.origin}/photos-${images}`);
      await openWidget(page);
      // The greeting came after the welcome: what the hub said of photos is known by then.
      await page.locator('[data-kefu] .row[data-seq="1"]').waitFor();
      await send(page, 'Is this in stock?');
      expect(await page.locator('[data-kefu] .att input[type=file]').count()).toBe(images ? 1 : 0);
      // Nor does a photo dropped on the panel go to the tray: two stored messages later, none is there.
      const dropped = await page.locator('[data-kefu] .panel').evaluate(
        (panel, bytes) => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
          panel.dispatchEvent(
            new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }),
          );
          return !panel.dispatchEvent(
            new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
          );
        },
        [...PNG],
      );
      // Taken by the widget either way: the browser never opens the file in place of the shop.
      expect(dropped).toBe(true);
      if (images) await page.locator('[data-kefu] .tray img').waitFor();
      else {
        await send(page, 'Do you ship to Macau?');
        await send(page, 'And to Taipei?');
        expect(await page.locator('[data-kefu] .tray').count()).toBe(0);
      }
      await context.close();
    });
});
