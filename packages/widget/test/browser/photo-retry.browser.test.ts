import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../../test/servers.ts';
import { ATTACH_STRINGS } from '../../src/app/attach/attach-strings.ts';
import { openWidget, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();

/** A 1×1 PNG. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// An upload the hub answered with a 5xx (or the network cut mid-way) is tried again by itself; the
// photo sat in the tray meanwhile, with nothing said, its message marked only "sending".
describe.skipIf(skip)('a photo whose upload fails for now, in Chromium', () => {
  let fx: Awaited<ReturnType<typeof widgetFixture>>;
  beforeAll(async () => {
    fx = await widgetFixture({ images: true });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('says it is trying again, and is sent once an upload gets through', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    let failing = true;
    await page.route('**/api/v1/uploads**', (route) =>
      failing ? route.fulfill({ status: 503, body: '' }) : route.continue(),
    );
    await page.goto(`${fx.origin}/retry?lang=zh-CN`);
    await openWidget(page);
    await page.locator('[data-kefu] .row[data-seq="1"]').waitFor();
    await page
      .locator('[data-kefu] .att input[type=file]')
      .setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: png });
    await page.locator('[data-kefu] .tray img').waitFor();
    await page.locator('[data-kefu] button.send').click();
    const note = page.locator('[data-kefu] .tray [data-photo=queued] [role=status]');
    await note.waitFor();
    expect(await note.textContent()).toBe(ATTACH_STRINGS['zh-CN'].retrying);
    failing = false;
    await page.locator('[data-kefu] .row.me[data-seq] img').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-kefu] .tray').count()).toBe(0);
    await context.close();
  });
});
