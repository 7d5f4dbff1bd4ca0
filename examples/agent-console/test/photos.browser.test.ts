import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageContent } from '@kefu/protocol';
import { createShopperClient, memoryStorage, type ShopperClient } from '@kefu/sdk/client';
import { type BlobStore, createLocalFolderBlobStore } from '@kefu/sdk/images';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
// The SDK's own test pictures (made with sharp, which the SDK has and this example does not).
import { solid } from '../../../packages/sdk/src/images/test-fixtures.ts';
import { axeViolations } from '../../../test/axe.ts';
import { chromiumMissing } from '../../../test/servers.ts';
import { releaseChromium, sharedChromium } from '../../../test/shared-chromium.ts';
import { CATALOG } from '../../shop/src/catalog.ts';
import { STRINGS } from '../src/strings.ts';
import { startConsoleServer, until } from './console-fixture.ts';

const skip = await chromiumMissing();
const zh = STRINGS.zh;
/** The demo's order that was packed one item short (see demoOrder in the shop's catalog). */
const ORDER = 'KF20250611001';

/** Whether an `<img>` on the page has loaded its picture (a broken one has no natural width). */
const loaded = (page: Page, selector: string) =>
  page
    .locator(selector)
    .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
    .catch(() => false);

/** Real time, shifted by `skew`: the test moves the hub two hours on, past the image URLs' expiry. */
const clock = {
  skew: 0,
  now: () => Date.now() + clock.skew,
  setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

describe.skipIf(skip)('photos and parcels in the agent console (Chromium)', () => {
  let fx: Awaited<ReturnType<typeof startConsoleServer>>;
  let browser: Browser;
  let dir: string;
  let blobs: BlobStore;
  let shopper: ShopperClient | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-console-photos-'));
    blobs = await createLocalFolderBlobStore({ dir: join(dir, 'blobs') });
    fx = await startConsoleServer({ images: { blobStore: blobs, urlTtlMs: 3_600_000 }, clock });
    browser = await sharedChromium();
  });
  afterAll(async () => {
    shopper?.close();
    if (browser) await releaseChromium(browser);
    await fx?.close();
    await blobs?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the shopper’s photo, opens it in the viewer, replies with an image, sets packed against ordered, and reads an expired photo anew', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => process.stdout.write(`page error: ${e.message}\n`));
    await page.goto(`${fx.origin}/console?lang=zh`);
    await page.locator('[data-token="demo-mei-7f3c9a1e5b2d8c4f"]').click();
    await page.locator('header.top .conn-open').waitFor();

    // A shopper on the order page asks for a person and sends a photo of the parcel.
    const client = createShopperClient({
      url: fx.hubUrl,
      siteKey: 'demo',
      locale: 'zh-CN',
      storage: memoryStorage(),
      // No title: the profile shows the page's address, a long word the side column must wrap.
      page: { url: `${fx.origin}/account/orders/${ORDER}/details`, orderId: ORDER },
      WebSocket,
      origin: fx.origin,
    });
    shopper = client;
    const fromAgent: ImageContent[] = [];
    client.on('message', (m) => {
      if (m.author.kind === 'agent' && m.content.kind === 'image') fromAgent.push(m.content);
    });
    client.connect();
    await until(() => client.status === 'open' && client.session !== undefined, 'the shopper’s welcome');
    client.send('转人工');
    await until(() => client.state?.status === 'assigned', 'Mei to get the conversation');
    const id = client.conversationId!;
    const answer = await fetch(`${fx.origin}/api/v1/uploads?conversation=${id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.session}`, origin: fx.origin },
      body: new Uint8Array(await solid(800, 600, 'jpeg')),
    });
    expect(answer.status).toBe(201);
    const { image } = (await answer.json()) as { image: ImageContent };
    const caption = '箱子到了，T恤不在里面';
    client.send({ ...image, caption });

    // The thumbnail, loaded from the hub, named by the caption.
    const thumb = page.getByRole('button', { name: zh.openPhoto(caption) });
    await thumb.waitFor();
    await until(() => loaded(page, `.image-msg[data-image="${image.id}"] img`), 'the thumbnail to load');

    // The viewer: a modal dialog with the full image and its alt text; axe finds nothing.
    await thumb.click();
    const viewer = page.getByRole('dialog', { name: zh.photoOf(caption) });
    await viewer.waitFor();
    await until(() => loaded(page, '.image-viewer img'), 'the full image to load');
    expect(await viewer.locator('img').getAttribute('alt')).toBe(caption);
    expect(await viewer.getByRole('link', { name: zh.openFullImage }).getAttribute('href')).toMatch(
      new RegExp(`^${fx.origin}/images/${id}/${image.id}/full\\?t=`),
    );
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(zh.closeViewer);
    await page.screenshot({ path: `${tmpdir()}/kefu-console-viewer.png` });
    expect(await axeViolations(page, 'page')).toEqual([]);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      zh.openPhoto(caption),
    );

    // An SVG is refused with the hub's reason; the agent removes it.
    const svg = join(dir, 'logo.svg');
    await writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>');
    const attach = page.locator(`[data-attach-input="${id}"]`);
    await attach.setInputFiles(svg);
    await page.locator('form.composer button[type=submit]').click();
    const refusal = page.locator('fieldset.attachment [role=alert]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('unsupported_type');
    await page.getByRole('button', { name: zh.removeAttachment }).click();

    // Mei replies with a picture from disk, the reply as its caption.
    const chart = join(dir, 'size-chart.jpg');
    await writeFile(chart, await solid(600, 400, 'jpeg'));
    await attach.setInputFiles(chart);
    await page.locator('fieldset.attachment img').waitFor();
    await page.locator(`#composer-${id}`).fill('这是补发的 T 恤照片');
    await page.locator(`#composer-${id}`).press('Control+Enter');
    await until(() => fromAgent.length === 1, 'the shopper to get Mei’s picture');
    expect(fromAgent[0]).toMatchObject({
      kind: 'image',
      width: 600,
      height: 400,
      caption: '这是补发的 T 恤照片',
    });
    await page.getByRole('button', { name: zh.openPhoto('这是补发的 T 恤照片') }).waitFor();

    // The order panel: the tee was ordered and not packed, and the parcel weighs what the cardigan does.
    const parcels = page.getByRole('region', { name: zh.shipments });
    await parcels.waitFor();
    expect(await parcels.locator('.pack-verdict').textContent()).toBe(`⚠ ${zh.packedMismatch(1)}`);
    const short = parcels.locator('tr[data-line-state=short]');
    expect(await short.count()).toBe(1);
    expect(await short.locator('td').first().textContent()).toBe(
      `${CATALOG[2]!.name.zh} · ${zh.packedShort(1)}`,
    );
    expect(await parcels.locator('.weight').textContent()).toBe(zh.grams(640));
    expect(await parcels.getByRole('list', { name: zh.scans }).locator('li').count()).toBe(3);
    // The side column holds its cards, the order page's address among them, without scrolling sideways.
    const side = await page.locator('.conv-side').evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(side[0]).toBe(side[1]);
    await page.screenshot({ path: `${tmpdir()}/kefu-console-parcels.png`, fullPage: true });

    // Two hours on (the agent left the tab open): the URLs held have expired. Opening Mei's picture,
    // whose full image this page never loaded, fails; the console reads the message again (both
    // URLs signed anew) and shows it.
    const mine = page.getByRole('button', { name: zh.openPhoto('这是补发的 T 恤照片') });
    const staleThumb = await mine.locator('img').getAttribute('src');
    clock.skew = 2 * 3_600_000;
    expect((await fetch(staleThumb!)).status).toBe(403);
    await mine.click();
    const mineViewer = page.getByRole('dialog', { name: zh.photoOf('这是补发的 T 恤照片') });
    await mineViewer.waitFor();
    await until(() => loaded(page, '.image-viewer img'), 'the full image, signed anew, to load');
    expect((await fetch((await mineViewer.locator('img').getAttribute('src'))!)).status).toBe(200);
    const freshThumb = await mine.locator('img').getAttribute('src');
    expect(freshThumb).not.toBe(staleThumb);
    expect((await fetch(freshThumb!)).status).toBe(200);
    await page.keyboard.press('Escape');
    await context.close();
  });
});
