import { afterEach, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, send, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

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
      await context.close();
    });
});
