import { readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createMemoryStore } from '@kefu/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo, WIDGET_DIST } from '../src/server.ts';
import { ensureWidgetBuilt } from './demo-fixture.ts';

/** One raw response (no client-side decoding), with the request headers given. */
const raw = (url: string, headers: Record<string, string>) =>
  new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) =>
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject),
  );

// Finding (QA as a shopper on a slow phone network, 2026-12-07): the demo sent the widget's app
// uncompressed, 2.6 times its gzip size, and the chat took about 10 s to open after the tap.
describe("the demo's widget files", () => {
  let demo: Demo;
  beforeAll(async () => {
    await ensureWidgetBuilt();
    demo = await startDemo({
      port: 0,
      store: createMemoryStore(),
      secret: 'widget-files-test-secret-0123456789',
    });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('are sent gzipped to a browser that takes gzip, and as they are to one that does not', async () => {
    const file = await readFile(join(WIDGET_DIST, 'kefu-app.js'));
    const zipped = await raw(`${demo.shopUrl}widget/kefu-app.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(gunzipSync(zipped.body).equals(file)).toBe(true);
    expect(zipped.body.length).toBeLessThan(file.length / 2);
    const plain = await raw(`${demo.shopUrl}widget/kefu-app.js`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(file)).toBe(true);
  });
});
