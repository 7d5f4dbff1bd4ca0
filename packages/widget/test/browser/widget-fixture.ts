import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { createHub, createMemoryStore, type Hub, signIdentity, silentLogger } from '@kefu/sdk';
import { createLocalFolderBlobStore } from '@kefu/sdk/images';
import { type Browser, chromium, type Page, type WebSocket as PageSocket } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../../test/servers.ts';
import { releaseChromium, sharedChromium } from '../../../../test/shared-chromium.ts';
import { builtWidget } from '../../scripts/built-widget.ts';

const IDENTITY_SECRET = 'widget-browser-identity-secret-0123456789';
export const SUPERVISOR_TOKEN = 'widget-test-supervisor-7f3c9a1e5b2d';

/** Widget locators (Playwright's CSS locators pierce open shadow roots). */
export const W = {
  launcher: '[data-kefu] button.l',
  textarea: '[data-kefu] textarea',
  mine: (text: string) => `[data-kefu] .row.me[data-seq] .bubble >> text="${text}"`,
};

/**
 * The widget as a shopper gets it, against a real hub: the widget built once for the sources as
 * they are (`builtWidget`, not `dist/`, which other suites build), one loopback server for the shop's pages, the
 * widget files and the hub's socket, and Chromium. Pages are `/…` paths of any name; each loads the
 * widget eagerly, with whatever query and fragment the test puts in its address (`?lang=`, `?module`). With
 * `hubOnAnotherSite`, the hub has a server of its own on another host and port (the shop at
 * `http://127.0.0.1:<p1>`, the hub at `http://localhost:<p2>`), as a shop beside its Kefu hub is.
 */
export async function widgetFixture(
  options: {
    images?: boolean;
    hubOnAnotherSite?: boolean;
    limits?: Parameters<typeof createHub>[0]['limits'];
    /** The hub's bot (its default hands every question to a person). */
    answer?: Parameters<typeof createHub>[0]['answer'];
    /** Chromium's back-forward cache on, as in a shopper's browser (Playwright turns it off by default). */
    backForwardCache?: boolean;
    /**
     * A host page of the test's own for a path: given the path and the script tag the fixture would
     * write, its HTML and any response headers (a CSP); `undefined` serves the fixture's own page.
     */
    hostPage?: (
      path: string,
      tag: string,
      hubUrl: string,
    ) => { html: string; headers?: Record<string, string> } | undefined;
  } = {},
) {
  const dist = await builtWidget();
  const blobs = await mkdtemp(join(tmpdir(), 'kefu-blobs-'));
  const store = createMemoryStore();
  // One secret across restarts: the shopper's session token stays valid, as with a real deployment.
  const startHub = async (): Promise<Hub> =>
    createHub({
      sites: [{ key: 'shop', origins: ['http://127.0.0.1:*'], identitySecret: IDENTITY_SECRET }],
      agents: [{ id: 'boss', name: 'Boss', token: SUPERVISOR_TOKEN, groups: ['default'], supervisor: true }],
      store,
      secret: 'widget-browser-hub-secret-0123456789',
      logger: silentLogger,
      limits: options.limits,
      ...(options.answer ? { answer: options.answer } : {}),
      ...(options.images ? { images: { blobStore: await createLocalFolderBlobStore({ dir: blobs }) } } : {}),
    });
  let hub = await startHub();
  let hubUrl = '';
  /** What the hub's own server was asked (`METHOD /path`), when it has one. */
  const hubRequests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // The photo routes are the hub's, on the same server as its socket (docs/photos.md).
    if (
      !options.hubOnAnotherSite &&
      hub.images &&
      (path === '/api/v1/uploads' || path.startsWith('/images/'))
    )
      return void hub.images.handle(req, res);
    if (path.startsWith('/widget/')) {
      const file = normalize(join(dist, path.slice('/widget/'.length)));
      if (!file.startsWith(dist) || !['.js', '.mjs'].includes(extname(file)))
        return void res.writeHead(404).end();
      return void readFile(file).then(
        (body) => res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body),
        () => res.writeHead(404).end(),
      );
    }
    // `?lang=zh-TW` makes a page in another language (the widget speaks the page's).
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const lang = query.get('lang') ?? 'en';
    // `?module`: the tag as some merchants write it, `<script type="module">` (no document.currentScript).
    const type = query.has('module') ? ' type="module"' : '';
    // `?hub=`: another hub address (one that refuses or is not there at all).
    const hubAt = query.get('hub') ?? hubUrl;
    // `?color=`: the merchant's accent colour (`data-color`).
    const color = query.has('color') ? ` data-color="${query.get('color')?.replace(/[^#\w]/g, '')}"` : '';
    // `?bare`: no tag at all, for a single-page app that imports the widget's module (`kefu.mjs`) itself.
    const tag = query.has('bare')
      ? ''
      : `<script${type} async src="/widget/kefu.js" data-site="shop" data-hub="${hubAt.replace(/"/g, '')}"${color} data-load="eager"></script>`;
    // `?viewport`: the viewport tag of a mobile-ready theme (without it, a phone lays the page out 980 px wide).
    const viewport = query.has('viewport')
      ? '<meta name="viewport" content="width=device-width,initial-scale=1">'
      : '';
    const own = options.hostPage?.(path, tag, hubUrl);
    if (own)
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...own.headers })
        .end(own.html);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="${lang.replace(/[^\w-]/g, '')}"><head><title>Shop</title>${viewport}
<script>window.Kefu=window.Kefu||function(){(Kefu.q=Kefu.q||[]).push(arguments)}</script>
${tag}
</head><body><h1>Shop</h1></body></html>`);
  });
  // The hub's HTTP routes (uploads, images, API) and socket, as `hub.listen` serves them.
  const hubServer = options.hubOnAnotherSite
    ? createServer((req, res) => {
        hubRequests.push(`${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`);
        void hub.http.handle(req, res).then((handled) => {
          if (!handled) res.writeHead(404).end();
        });
      })
    : server;
  hub.attach(hubServer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (hubServer === server) hubUrl = `${origin.replace('http', 'ws')}/kefu`;
  else {
    await new Promise<void>((resolve) => hubServer.listen(0, '127.0.0.1', resolve));
    hubUrl = `ws://localhost:${(hubServer.address() as AddressInfo).port}/kefu`;
  }
  // A page that needs the back/forward cache gets a Chromium of its own (Playwright turns it off by default).
  const own = options.backForwardCache === true;
  const browser: Browser = own
    ? await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        ignoreDefaultArgs: ['--disable-back-forward-cache'],
      })
    : await sharedChromium();

  return {
    origin,
    hubUrl,
    hubRequests,
    store,
    /** The HTTP server the hub's socket is attached to (a test can make it misbehave while the hub is down). */
    hubServer,
    /** The hub running now (for its notify and order-event API). */
    hub: () => hub,
    /** A merchant-signed identity token for `id`, as the shop's server would render into its page. */
    identity: (id: string, name: string) => signIdentity({ id, name }, IDENTITY_SECRET, { audience: 'shop' }),
    /** Stops the hub and starts another on the same server, store and secret (the page server stays up). */
    async restartHub(whileDown?: () => Promise<void>) {
      await hub.close();
      await whileDown?.();
      hub = await startHub();
      hub.attach(hubServer);
    },
    /** A browser profile of its own (one shared computer): its tabs share localStorage. */
    async browserProfile() {
      return browser.newContext({ viewport: { width: 1280, height: 800 } });
    },
    /**
     * A phone's browser profile (375×667 unless told, touch, 2× pixels unless told). As on a phone, a page
     * without a viewport tag (see `?viewport`) is laid out 980 px wide and shown scaled down to fit the screen.
     * Browser zoom is a smaller viewport at more pixels: 200 % on a 375 px phone is 188 px at 4×.
     */
    async phoneProfile(viewport = { width: 375, height: 667 }, deviceScaleFactor = 2) {
      return browser.newContext({ viewport, isMobile: true, hasTouch: true, deviceScaleFactor });
    },
    async close() {
      await (own ? browser.close() : releaseChromium(browser)).catch(() => {});
      await hub.close();
      for (const each of new Set([server, hubServer])) {
        each.closeAllConnections();
        await new Promise<void>((resolve) => each.close(() => resolve()));
      }
      await rm(blobs, { recursive: true, force: true });
    },
  };
}

/** Every welcome the hub sent this page, read off its sockets as the shopper's browser got them. */
export function welcomesOf(
  page: Page,
): { shopper: { id: string; identified: boolean }; conversation: { id: string } }[] {
  const welcomes: ReturnType<typeof welcomesOf> = [];
  page.on('websocket', (ws: PageSocket) =>
    ws.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { type?: string };
      if (frame.type === 'welcome') welcomes.push(frame as (typeof welcomes)[number]);
    }),
  );
  return welcomes;
}

export async function openWidget(page: Page): Promise<void> {
  await page.locator(W.launcher).click();
  await page.locator(W.textarea).waitFor();
}

export async function send(page: Page, text: string): Promise<void> {
  await page.locator(W.textarea).fill(text);
  await page.locator(W.textarea).press('Enter');
  await page.locator(W.mine(text)).waitFor();
}
