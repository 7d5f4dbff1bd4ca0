import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClassifiableImage, runClassifyImage } from '@kefu/sdk/images';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../packages/sdk/src/testing/manual-clock.ts';
import { pluginContext } from '../../../packages/sdk/src/testing/plugin-context.ts';
import { createVisionRecognizer } from '../src/vision-recognizer.ts';

const image: ClassifiableImage = {
  id: 'img_1',
  bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
  mediaType: 'image/jpeg',
  width: 1,
  height: 1,
};
interface Seen {
  method?: string;
  type?: string;
  auth?: string;
  body?: number[];
}

/** A small vision service on a free loopback port, answering with `handler`. */
async function visionService(handler: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void) {
  const seen: Seen = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      Object.assign(seen, {
        method: req.method,
        type: req.headers['content-type'],
        auth: req.headers.authorization,
        body: [...Buffer.concat(chunks)],
      });
      handler(req, res, seen);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/classify`, seen };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};

/** Runs a recognizer as the hub does: a plug-in call with its timeout on the given clock. */
const classify = (recognizer: ReturnType<typeof createVisionRecognizer>, clock = new ManualClock()) =>
  runClassifyImage(recognizer, image, pluginContext, { timeoutMs: 5000, clock });

describe('the vision recognizer example', () => {
  it('sends the image to the service and maps its best prediction onto a Kefu label', async () => {
    const service = await visionService((_req, res) =>
      json(res, 200, {
        predictions: [
          { label: 'wrong_product', score: 0.62 },
          { label: 'crushed_box', score: 0.91 },
          { label: 'cat', score: 0.99 },
        ],
      }),
    );
    const recognizer = createVisionRecognizer({ url: service.url, apiKey: 'k-123' });
    const result = await classify(recognizer);
    expect(result).toEqual({ ok: true, value: { label: 'damaged', confidence: 0.91 } });
    expect(service.seen).toEqual({
      method: 'POST',
      type: 'image/jpeg',
      auth: 'Bearer k-123',
      body: [...image.bytes],
    });
  });

  it('answers null when no prediction reaches minScore', async () => {
    const service = await visionService((_req, res) =>
      json(res, 200, { predictions: [{ label: 'crushed_box', score: 0.3 }] }),
    );
    const result = await classify(createVisionRecognizer({ url: service.url }));
    expect(result).toEqual({ ok: true, value: null });
  });

  it('fails as a plug-in when the service answers with an error', async () => {
    const service = await visionService((_req, res) => json(res, 503, { error: 'overloaded' }));
    const result = await classify(createVisionRecognizer({ url: service.url }));
    expect(result).toMatchObject({ ok: false, error: { code: 'plugin_failed', message: /answered 503/ } });
  });

  it('cancels the request to the service when the plug-in timeout passes', async () => {
    let closed!: () => void;
    const cancelled = new Promise<void>((resolve) => {
      closed = resolve;
    });
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => {
      received = resolve;
    });
    // Never answers; resolves `cancelled` when the client goes away.
    const service = await visionService((_req, res) => {
      res.on('close', closed);
      received();
    });
    const clock = new ManualClock();
    const running = classify(createVisionRecognizer({ url: service.url }), clock);
    await arrived;
    clock.advance(5000);
    expect(await running).toMatchObject({
      ok: false,
      error: { code: 'plugin_failed', message: /within 5000 ms/ },
    });
    await cancelled;
  });
});
