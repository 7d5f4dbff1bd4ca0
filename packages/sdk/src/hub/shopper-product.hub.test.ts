import { PROTOCOL_VERSION } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memory-store.ts';
import { ORIGIN, rawSocket, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

let hub: Hub;
let close: (() => void) | undefined;
afterEach(async () => {
  close?.();
  await hub?.close();
});

async function shopperSending(product: Record<string, unknown>) {
  const store = createMemoryStore();
  const started = await startHub({ store });
  hub = started.hub;
  const raw = await rawSocket(`${started.url}?site=shop`);
  close = () => raw.ws.close();
  raw.send({
    v: PROTOCOL_VERSION,
    type: 'hello',
    id: 'h',
    role: 'shopper',
    siteKey: 'shop',
    deviceId: 'device-p',
  });
  const welcome = (await raw.next('welcome')) as { conversation: { id: string } };
  raw.send({
    v: PROTOCOL_VERSION,
    type: 'send',
    id: 's',
    clientMsgId: 'p1',
    content: { kind: 'product', product },
  });
  // Answered by an ack or a refusal, either naming the send.
  const answered = () => raw.frames.find((f) => f.re === 's');
  await until(() => answered() !== undefined, 'the send answered');
  const answer = answered();
  const messages = await store.listMessages(welcome.conversation.id, { afterSeq: 0, limit: 50 });
  return { answer, stored: messages.find((m) => m.content.kind === 'product')?.content };
}

describe("a shopper's product card (what the widget's 'ask about this product' sends)", () => {
  it('is kept as a page product is: a link only to the shop, an http(s) image, a title without bidi controls', async () => {
    const { stored } = await shopperSending({
      id: 'sku-1',
      title: 'Invoice \u202Efdp.exe',
      url: 'javascript:alert(document.domain)',
      image: 'data:image/svg+xml,<svg onload=alert(1)>',
      price: 1,
    });
    // Before 2026-12-06 it was stored and sent to agents, the API and webhooks as the raw client wrote it.
    expect(stored).toEqual({ kind: 'product', product: { id: 'sku-1', title: 'Invoice fdp.exe', price: 1 } });
  });

  it('keeps a link on the shop and an image on any host, and drops a link to another site', async () => {
    const product = {
      id: 'sku-2',
      title: 'Coat',
      url: `${ORIGIN}/p/coat`,
      image: 'https://cdn.example/c.jpg',
    };
    expect((await shopperSending(product)).stored).toEqual({ kind: 'product', product });
    await hub.close();
    const elsewhere = { id: 'sku-3', title: 'Sign in again', url: 'https://evil.example/login' };
    expect((await shopperSending(elsewhere)).stored).toEqual({
      kind: 'product',
      product: { id: 'sku-3', title: 'Sign in again' },
    });
  });

  it('refuses a card whose title is nothing but invisible characters (invalid_frame)', async () => {
    const { answer, stored } = await shopperSending({ id: 'sku-4', title: '\u202E' });
    expect(answer).toMatchObject({ type: 'error', code: 'invalid_frame', re: 's' });
    expect(stored).toBeUndefined();
  });
});
