import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHub, type Hub, silentLogger } from '@kefu/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing } from '../../../test/servers.ts';
import { releaseChromium, sharedChromium } from '../../../test/shared-chromium.ts';

const skip = await chromiumMissing();

/** A page server on its own port: a merchant's admin page, on another origin than the hub. */
async function pageServer(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<!doctype html><title>admin</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** What the page's fetch of the hub's API got: the status and the JSON it could read, or the browser's refusal. */
type Seen = { status: number; body: unknown } | { refused: string };

describe.skipIf(skip)('the HTTP API called from a merchant’s admin page on another origin (Chromium)', () => {
  let hub: Hub;
  let api: string;
  let key: string;
  let browser: Browser;
  const pages: Awaited<ReturnType<typeof pageServer>>[] = [];

  beforeAll(async () => {
    pages.push(await pageServer(), await pageServer());
    hub = createHub({
      sites: [{ key: 'shop', origins: ['*'] }],
      logger: silentLogger,
      http: { corsOrigins: [pages[0]!.origin] },
    });
    // localhost, not 127.0.0.1: another origin than the pages whatever the ports.
    api = `http://localhost:${(await hub.listen({ port: 0, host: '127.0.0.1' })).port}/api/v1`;
    ({ key } = await hub.admin.apiKeys.create({ name: 'admin page', scopes: ['read'] }));
    browser = await sharedChromium();
  });
  afterAll(async () => {
    if (browser) await releaseChromium(browser);
    await hub?.close();
    for (const p of pages) await new Promise((resolve) => p.server.close(resolve));
  });

  async function fetchFrom(origin: string, url: string, authorization?: string): Promise<Seen> {
    const page = await browser.newPage();
    try {
      await page.goto(origin);
      return await page.evaluate(
        async ({ url, authorization }) => {
          try {
            const res = await fetch(url, { headers: authorization ? { authorization } : {} });
            return { status: res.status, body: await res.json() };
          } catch (error) {
            return { refused: String(error) };
          }
        },
        { url, authorization },
      );
    } finally {
      await page.close();
    }
  }

  it('lets a listed origin read the answers, the typed refusals too', async () => {
    const listed = pages[0]!.origin;
    expect(await fetchFrom(listed, `${api}/conversations`, `Bearer ${key}`)).toMatchObject({
      status: 200,
      body: { items: [] },
    });
    expect(await fetchFrom(listed, `${api}/conversations`)).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
  });

  it('keeps the answers from any other origin', async () => {
    expect(await fetchFrom(pages[1]!.origin, `${api}/conversations`, `Bearer ${key}`)).toMatchObject({
      refused: expect.stringContaining('Failed to fetch'),
    });
  });
});
