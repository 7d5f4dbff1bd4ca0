import { createRequire } from 'node:module';
import type { ImageContent } from '@kefu/protocol';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../../../../test/axe.ts';
import { chromiumMissing } from '../../../../test/servers.ts';
import { openWidget, W, widgetFixture } from './widget-fixture.ts';

const skip = await chromiumMissing();
const require = createRequire(import.meta.url);
// sharp is the SDK's (optional) dependency: test photos are made with the hub's own image library.
type Encoder = { jpeg(o: { quality: number }): Encoder; png(): Encoder; toBuffer(): Promise<Buffer> };
const sharp = createRequire(require.resolve('@kefu/sdk/package.json'))('sharp') as (input: {
  create: { width: number; height: number; channels: 3 | 4; background: Record<string, number> };
}) => Encoder;

/** A phone-sized photo (3000×2000 JPEG): the widget must scale it to 2048 px before uploading. */
const phonePhoto = () =>
  sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg({ quality: 95 })
    .toBuffer();
/** A small PNG, as a screenshot pasted from the clipboard. */
const screenshot = () =>
  sharp({ create: { width: 320, height: 200, channels: 4, background: { r: 20, g: 90, b: 200, alpha: 1 } } })
    .png()
    .toBuffer();

const P = {
  attach: '[data-kefu] .att input[type=file]',
  tray: '[data-kefu] .tray',
  thumb: (caption: string) => `[data-kefu] .row.me[data-seq] .th img[alt="${caption}"]`,
  viewer: '[data-kefu] .vw[role=dialog]',
};

/** Pastes a PNG into the message box, as a shopper pasting a screenshot does. */
async function pastePng(page: Page, png: Buffer): Promise<void> {
  await page.locator(W.textarea).evaluate(
    (box, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'screenshot.png', { type: 'image/png' }));
      box.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    [...png],
  );
}

const conversationOf = async (page: Page) =>
  (
    JSON.parse((await page.evaluate(() => localStorage.getItem('kefu:shop:state'))) ?? '{}') as {
      conversationId?: string;
    }
  ).conversationId ?? '';
/** The image messages the hub stored in a conversation. */
const imagesIn = async (fx: Fixture, id: string) =>
  (await fx.store.listMessages(id, { limit: 100 })).flatMap((m) =>
    m.content.kind === 'image' ? [{ ...m.content, clientMsgId: m.clientMsgId }] : [],
  ) as (ImageContent & { clientMsgId?: string })[];

/** Whether the attachment chunk has added its styles to the widget's shadow root (it has loaded). */
const hasTrayStyles = () =>
  [...(document.querySelector('[data-kefu]')?.shadowRoot?.adoptedStyleSheets ?? [])].some((sheet) =>
    [...sheet.cssRules].some((rule) => rule.cssText.startsWith('.tray')),
  );

const shadowFocus = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-kefu]')?.shadowRoot?.activeElement;
    return el ? `${el.tagName.toLowerCase()}.${el.className}` : null;
  });

type Fixture = Awaited<ReturnType<typeof widgetFixture>>;

describe.skipIf(skip)('photos in the widget, in Chromium against a real hub', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await widgetFixture({ images: true });
  });
  afterAll(async () => {
    await fx?.close();
  });

  const storedImages = (id: string) => imagesIn(fx, id);

  /** Types `text` in the widget and sends it. */
  async function say(page: Page, text: string): Promise<void> {
    await page.locator(W.textarea).fill(text);
    await page.locator(W.textarea).press('Enter');
  }

  /** The shop goes offline; the shopper attaches a photo in `page` and sends it with `caption`. */
  async function photoOffline(context: BrowserContext, page: Page, caption: string): Promise<void> {
    await context.setOffline(true);
    await page.locator('[data-kefu] .banner').waitFor();
    await page
      .locator(P.attach)
      .setInputFiles({ name: 'parcel.jpg', mimeType: 'image/jpeg', buffer: await screenshot() });
    await page.locator(`${P.tray} img`).waitFor();
    await say(page, caption);
  }

  /** A shopper on a product page who opened the chat and said hello. */
  async function saidHello(page: Page): Promise<void> {
    await page.goto(`${fx.origin}/p/parcel`);
    await openWidget(page);
    await say(page, 'hello');
    await page.locator(W.mine('hello')).waitFor();
  }

  /** Two tabs of one shopper, the second opened after the first said hello. */
  async function twoTabs(context: BrowserContext): Promise<{ first: Page; second: Page }> {
    const first = await context.newPage();
    await saidHello(first);
    const second = await context.newPage();
    await second.goto(`${fx.origin}/p/parcel`);
    await openWidget(second);
    await second.locator(W.mine('hello')).waitFor();
    return { first, second };
  }

  /** A shopper who said hello, then went offline and put a photo in the tray; their conversation id. */
  async function photoInTrayOffline(context: BrowserContext, page: Page, name: string): Promise<string> {
    await saidHello(page);
    const id = await conversationOf(page);
    await context.setOffline(true);
    await page.locator('[data-kefu] .banner').waitFor();
    await page.locator(P.attach).setInputFiles({ name, mimeType: 'image/jpeg', buffer: await phonePhoto() });
    await page.locator(`${P.tray} img`).waitFor();
    return id;
  }

  it('sends a photo from disk (downscaled, with a caption) and one pasted, takes a dropped one, refuses a non-image, shows thumbnails, and opens the viewer', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const hellos: { features?: string[] }[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        const frame = JSON.parse(String(payload)) as { type?: string; features?: string[] };
        if (frame.type === 'hello') hellos.push(frame);
      }),
    );
    await page.goto(`${fx.origin}/p/parcel`);
    await openWidget(page);
    expect(hellos.at(-1)?.features).toEqual(['image']);
    expect(await page.locator('[data-kefu] .att').getAttribute('title')).toBe('Attach a photo');
    expect(await page.locator(P.attach).getAttribute('accept')).toBe('image/*');

    await page
      .locator(P.attach)
      .setInputFiles({ name: 'parcel.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
    await page.locator(`${P.tray} img`).waitFor();
    // Removing it from the preview sends nothing; picking it again puts it back.
    await page.locator(`${P.tray} button[aria-label="Remove photo"]`).click();
    expect(await page.locator(P.tray).count()).toBe(0);
    await page
      .locator(P.attach)
      .setInputFiles({ name: 'parcel.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
    await page.locator(`${P.tray} img`).waitFor();
    expect(await axeViolations(page, 'widget')).toEqual([]);
    await page.screenshot({ path: '/tmp/kefu-photo-tray.png' });
    await page.locator(W.textarea).fill('The box arrived crushed');
    await page.locator(W.textarea).press('Enter');
    await page.locator(P.thumb('The box arrived crushed')).waitFor();
    expect(await page.locator(P.tray).count()).toBe(0);

    const id = await conversationOf(page);
    let images = await storedImages(id);
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ caption: 'The box arrived crushed', width: 2048, height: 1365 });

    // A file that is not an image is refused in words, and nothing is queued.
    await page
      .locator(P.attach)
      .setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo') });
    await page
      .locator('[data-kefu] .tray-note', {
        hasText: "This file can't be read. Please choose a JPG or PNG photo",
      })
      .waitFor();
    expect(await page.locator(P.tray).count()).toBe(0);
    // A photo dropped on the panel goes to the tray too.
    await page.locator('[data-kefu] .panel').evaluate(
      (panel, bytes) => {
        const data = new DataTransfer();
        data.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
        panel.dispatchEvent(
          new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }),
        );
        panel.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
      },
      [...(await screenshot())],
    );
    await page.locator(`${P.tray} img`).waitFor();
    await page.locator(`${P.tray} button[aria-label="Remove photo"]`).click();
    expect(await page.locator(P.tray).count()).toBe(0);

    await pastePng(page, await screenshot());
    await page.locator(`${P.tray} img`).waitFor();
    await page.locator('[data-kefu] button.send').click();
    await page.locator(P.thumb('Photo')).waitFor();
    images = await storedImages(id);
    expect(images.map((i) => [i.width, i.height, i.caption])).toEqual([
      [2048, 1365, 'The box arrived crushed'],
      [320, 200, undefined],
    ]);
    // The thumbnails load from the hub's signed URLs.
    const thumb = page.locator(P.thumb('The box arrived crushed'));
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    // The viewer: a dialog named by the caption, focus on its close button, Tab stays in, Esc closes it (not the panel).
    await page.locator('[data-kefu] .row.me[data-seq] .th').first().click();
    await page.locator(P.viewer).waitFor();
    expect(await page.locator(P.viewer).getAttribute('aria-label')).toBe('The box arrived crushed');
    const full = page.locator(`${P.viewer} img`);
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048);
    expect(await shadowFocus(page)).toBe('button.vw-x');
    await page.screenshot({ path: '/tmp/kefu-photo-viewer.png' });
    await page.keyboard.press('Tab');
    expect(await shadowFocus(page)).toBe('button.vw-x');
    expect(await axeViolations(page, 'widget')).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await page.locator(P.viewer).count()).toBe(0);
    expect(await page.locator(W.textarea).count()).toBe(1);
    expect(await shadowFocus(page)).toBe('button.th');
    // And from the keyboard: Enter on the focused thumbnail opens it again.
    await page.keyboard.press('Enter');
    await page.locator(P.viewer).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator(P.viewer).count()).toBe(0);
    await page.screenshot({ path: '/tmp/kefu-photos.png' });
    await context.close();
  });

  it('keeps a photo sent while the hub is down, and delivers it exactly once after a restart and a reload', async () => {
    const context = await fx.browserProfile();
    let page = await context.newPage();
    const id = await photoInTrayOffline(context, page, 'tunnel.jpg');
    await page.locator(W.textarea).fill('Taken in a tunnel');
    await page.locator(W.textarea).press('Enter');
    await page.locator(`${P.tray} [data-photo=queued]`, { hasText: 'Will send when connected' }).waitFor();
    await page.screenshot({ path: '/tmp/kefu-photo-offline.png' });
    const kept = await page.evaluate(
      () => JSON.parse(localStorage.getItem('kefu:shop:photos') ?? '[]').length,
    );
    expect(kept).toBe(1);
    // The shopper leaves the page before the network is back; the hub restarts meanwhile.
    await page.close();
    await fx.restartHub();
    await context.setOffline(false);

    page = await context.newPage();
    await page.goto(`${fx.origin}/p/parcel`);
    await openWidget(page);
    await page.locator(P.thumb('Taken in a tunnel')).waitFor();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('kefu:shop:photos'))).toBeNull();
    // Another reload: nothing is sent again.
    await page.reload();
    // Open before the reload, so open after it.
    await page.locator(W.textarea).waitFor();
    await page.locator(P.thumb('Taken in a tunnel')).waitFor();
    const images = await storedImages(id);
    expect(images.map((i) => i.caption)).toEqual(['Taken in a tunnel']);
    expect(await page.locator(P.thumb('Taken in a tunnel')).count()).toBe(1);
    await context.close();
  });

  it('stores a photo sent offline before the text typed after it, shows its caption meanwhile, and keeps that order after a reload', async () => {
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const id = await photoInTrayOffline(context, page, 'parcel.jpg');
    await page.locator(W.textarea).fill('PHOTO caption first');
    await page.locator(W.textarea).press('Enter');
    await page.locator(W.textarea).fill('TEXT second');
    await page.locator(W.textarea).press('Enter');
    // Waiting, in the order sent: the caption stands in for the photo until it is uploaded.
    const waiting = page.locator('[data-kefu] .row.me.pending .bubble');
    await expect.poll(() => waiting.allTextContents()).toEqual(['PHOTO caption first', 'TEXT second']);

    await context.setOffline(false);
    await page.locator(P.thumb('PHOTO caption first')).waitFor();
    await page.locator(W.mine('TEXT second')).waitFor();
    const mine = async () =>
      (await fx.store.listMessages(id, { limit: 100 }))
        .filter((m) => m.author.kind === 'shopper')
        .map((m) =>
          m.content.kind === 'image'
            ? `photo: ${m.content.caption}`
            : `text: ${m.content.kind === 'text' ? m.content.text : ''}`,
        );
    expect(await mine()).toEqual(['text: hello', 'photo: PHOTO caption first', 'text: TEXT second']);

    await page.reload();
    // Open before the reload, so open after it.
    await page.locator(W.textarea).waitFor();
    await page.locator(W.mine('TEXT second')).waitFor();
    const rows = await page
      .locator('[data-kefu] .row.me[data-seq]')
      .evaluateAll((els) =>
        els.map((el) => (el.querySelector('.th img')?.getAttribute('alt') ?? el.textContent ?? '').trim()),
      );
    expect(rows.filter((r) => /PHOTO|TEXT/.test(r)).map((r) => r.replace(/^You: /, ''))).toEqual([
      'PHOTO caption first',
      expect.stringContaining('TEXT second'),
    ]);
    expect(await mine()).toHaveLength(3);
    await context.close();
  });

  it('uploads a photo once while a second tab of the shop is open', async () => {
    const context = await fx.browserProfile();
    const { first, second } = await twoTabs(context);
    let uploads = 0;
    context.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/v1/uploads')) uploads++;
    });
    await first
      .locator(P.attach)
      .setInputFiles({ name: 'a.png', mimeType: 'image/png', buffer: await screenshot() });
    await first.locator(`${P.tray} img`).waitFor();
    await say(first, 'ONE upload');
    await second.locator(P.thumb('ONE upload')).waitFor();
    await say(first, 'after');
    await second.locator(W.mine('after')).waitFor();
    // The second tab took the photo's place as its own to fill, and uploaded it too.
    expect(uploads).toBe(1);
    await context.close();
  });

  for (const locks of [true, false])
    it(`shows a photo queued offline only in the tray of the tab that queued it (${locks ? 'with' : 'without'} Web Locks)`, async () => {
      const context = await fx.browserProfile();
      // A shop served over plain http on a LAN address is no secure context: no Web Locks there.
      if (!locks)
        await context.addInitScript(() => delete (Navigator.prototype as { locks?: unknown }).locks);
      const { first, second } = await twoTabs(context);
      await photoOffline(context, first, 'PHOTO of the first tab');
      await first.locator(`${P.tray} [data-photo=queued]`).waitFor();
      // The second tab hears of it (its caption holds the place in the shared outbox)...
      const standIn = second.locator('[data-kefu] .row.me.pending .bubble', {
        hasText: 'PHOTO of the first tab',
      });
      await standIn.waitFor();
      // ...has loaded its photo queue (its styles are in), which took the photo up (without locks, at
      // once) or waits for the first tab to let go of it, and has drawn what it has...
      await expect.poll(() => second.evaluate(hasTrayStyles)).toBe(true);
      await second.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      // ...but its tray is its own: the shopper put nothing there.
      expect(await second.locator(`${P.tray} img`).count()).toBe(0);
      expect(await first.locator(`${P.tray} img`).count()).toBe(1);
      // The first tab closes: the second sends the photo, still without showing it in its tray.
      await first.close();
      await context.setOffline(false);
      await second.locator(P.thumb('PHOTO of the first tab')).waitFor();
      expect(await second.locator(`${P.tray} img`).count()).toBe(0);
      await context.close();
    });

  it('sends a photo queued offline in a tab closed since, and the text after it, from the tab still open', async () => {
    const context = await fx.browserProfile();
    const { first, second } = await twoTabs(context);
    const id = await conversationOf(first);

    await photoOffline(context, first, 'PHOTO from the first tab');
    await say(second, 'TEXT from the second tab');
    const waiting = second.locator('[data-kefu] .row.me.pending .bubble');
    await expect
      .poll(() => waiting.allTextContents())
      .toEqual(['PHOTO from the first tab', 'TEXT from the second tab']);
    // The tab that took the photo is gone: nothing there will upload it. The second tab held the
    // photo's place, and its own text behind it, until a reload.
    await first.close();
    await context.setOffline(false);
    await second.locator(P.thumb('PHOTO from the first tab')).waitFor();
    await second.locator(W.mine('TEXT from the second tab')).waitFor();
    const mine = (await fx.store.listMessages(id, { limit: 100 }))
      .filter((m) => m.author.kind === 'shopper')
      .map((m) => (m.content.kind === 'image' ? `photo: ${m.content.caption}` : m.content.kind));
    expect(mine).toEqual(['text', 'photo: PHOTO from the first tab', 'text']);
    await context.close();
  });
});

describe.skipIf(skip)('photos from a shop page on another site than the hub', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await widgetFixture({ images: true, hubOnAnotherSite: true });
  });
  afterAll(async () => {
    await fx?.close();
  });

  it('uploads past the browser’s CORS preflight, and the thumbnail and the full photo show', async () => {
    const hubOrigin = new URL(fx.hubUrl.replace(/^ws/, 'http')).origin;
    expect(hubOrigin).not.toBe(fx.origin);
    const context = await fx.browserProfile();
    const page = await context.newPage();
    const uploads: { status: number; allowOrigin: string | undefined }[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().startsWith(`${hubOrigin}/api/v1/uploads`))
        uploads.push({ status: r.status(), allowOrigin: r.headers()['access-control-allow-origin'] });
    });
    await page.goto(`${fx.origin}/p/parcel`);
    await openWidget(page);
    await page
      .locator(P.attach)
      .setInputFiles({ name: 'parcel.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
    await page.locator(`${P.tray} img`).waitFor();
    await page.locator(W.textarea).fill('Crushed on arrival');
    await page.locator(W.textarea).press('Enter');
    await page.locator(P.thumb('Crushed on arrival')).waitFor();

    // The browser asked first (Authorization is not a simple header), then posted to the hub's origin.
    expect(fx.hubRequests).toContain('OPTIONS /api/v1/uploads');
    expect(uploads).toEqual([{ status: 201, allowOrigin: fx.origin }]);
    const images = await imagesIn(fx, await conversationOf(page));
    expect(images.map((i) => [i.caption, i.width])).toEqual([['Crushed on arrival', 2048]]);

    const thumb = page.locator(P.thumb('Crushed on arrival'));
    expect(new URL(await thumb.evaluate((img: HTMLImageElement) => img.src)).origin).toBe(hubOrigin);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await page.locator('[data-kefu] .row.me[data-seq] .th').click();
    const full = page.locator(`${P.viewer} img`);
    await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048);
    await context.close();
  });
});
