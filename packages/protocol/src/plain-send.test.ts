import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { decodeFrame } from './codec.ts';
import { AgentContent, Content, ShopperContent, TextContent } from './content.ts';
import { LIMITS } from './limits.ts';
import { isPlainTextContent, plainShopperSend } from './plain-send.ts';
import { ShopperToHub } from './shopper-frames.ts';

/** Strings of `max` and of one more `char`, and values that are no strings at all. */
const atLimit = (char: string, max: number): unknown[] => [char.repeat(max), char.repeat(max + 1)];
const NOT_STRINGS: unknown[] = [42, null, ['hi'], { text: 'hi' }];

const TEXTS: unknown[] = [
  ...['hi', '', 'a\u0000b', 'lone \ud800 high', 'lone \udc00 low', 'pair 😀 ok', '\ud83d'],
  ...['訂單 #123 在哪裡?', 'tab\tand\nnewline', undefined],
  ...atLimit('x', LIMITS.maxTextChars),
  ...NOT_STRINGS,
];
const PAYLOADS: unknown[] = [
  ...[undefined, '', 'yes', 'a\u0000', '\udfff'],
  ...atLimit('p', LIMITS.maxPayloadChars),
  ...NOT_STRINGS,
];
const IDS: unknown[] = [
  ...['m1', '', 'tab\tid', 'del\u007f', '😀', '\ud800', '訂單'],
  ...atLimit('i', LIMITS.maxIdChars),
  ...NOT_STRINGS,
];

function contents(): unknown[] {
  const out: unknown[] = [];
  for (const text of TEXTS)
    for (const payload of PAYLOADS) {
      const c: Record<string, unknown> = { kind: 'text', text };
      if (payload !== undefined) c.payload = payload;
      out.push(c);
    }
  out.push(
    { text: 'hi', kind: 'text' },
    { kind: 'text', text: 'hi', extra: 1 },
    { kind: 'text', text: 'hi', payload: undefined },
    { kind: 'text', text: 'hi', payload: undefined, extra: [] },
    { kind: 'product', product: { id: 'p1', title: 'Mug' } },
    { kind: 'TEXT', text: 'hi' },
    Object.assign(['x'], { kind: 'text', text: 'hi' }),
    null,
    'hi',
    [],
  );
  return out;
}

function frames(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const content of contents()) out.push({ v: 1, type: 'send', clientMsgId: 'm1', content });
  for (const clientMsgId of IDS)
    out.push({ v: 1, type: 'send', clientMsgId, content: { kind: 'text', text: 'hi' } });
  for (const id of [...IDS, undefined])
    out.push({ v: 1, type: 'send', id, clientMsgId: 'm1', content: { kind: 'text', text: 'hi' } });
  out.push(
    { content: { kind: 'text', text: 'hi' }, clientMsgId: 'm1', type: 'send', v: 1 },
    { v: 1, type: 'send', clientMsgId: 'm1', content: { kind: 'text', text: 'hi' }, other: true },
    { v: 1, type: 'send', content: { kind: 'text', text: 'hi' } },
    { v: 1, type: 'typing', on: true },
    { v: 1, type: 'ping', t: 5 },
    { v: 1, type: 'Send', clientMsgId: 'm1', content: { kind: 'text', text: 'hi' } },
  );
  return out;
}

describe('plainShopperSend', () => {
  it('gives exactly what zod gives, for every frame it takes, and leaves the rest to zod', () => {
    let taken = 0;
    for (const frame of frames()) {
      const plain = plainShopperSend(frame);
      const parsed = z.safeParse(ShopperToHub, frame);
      if (plain === undefined) continue;
      taken++;
      expect(parsed.success, JSON.stringify(frame)).toBe(true);
      expect(plain).toStrictEqual(parsed.data);
      // Key order too: the content is stored and sent on as JSON.
      expect(JSON.stringify(plain)).toBe(JSON.stringify(parsed.data));
    }
    expect(taken).toBeGreaterThan(20);
  });

  it('takes a plain text message, with or without a request id or payload', () => {
    const frame = { v: 1, type: 'send', id: 'r1', clientMsgId: 'm1', content: { kind: 'text', text: 'hi' } };
    expect(plainShopperSend(frame)).toStrictEqual(frame);
    const tap = {
      v: 1,
      type: 'send',
      clientMsgId: 'm2',
      content: { kind: 'text', text: 'Yes', payload: 'y' },
    };
    expect(plainShopperSend(tap)).toStrictEqual(tap);
  });

  it('leaves decodeFrame answering as zod does, refusals included', () => {
    for (const frame of frames()) {
      const raw = JSON.stringify(frame);
      const decoded = decodeFrame(ShopperToHub, raw);
      const parsed = z.safeParse(ShopperToHub, JSON.parse(raw));
      expect(decoded.ok, raw).toBe(parsed.success);
      if (decoded.ok && parsed.success)
        expect(JSON.stringify(decoded.frame)).toBe(JSON.stringify(parsed.data));
    }
  });
});

describe('isPlainTextContent', () => {
  it('is true only for content every content schema takes', () => {
    let plain = 0;
    for (const content of contents()) {
      if (!isPlainTextContent(content)) continue;
      plain++;
      for (const schema of [TextContent, Content, ShopperContent, AgentContent]) {
        const parsed = z.safeParse(schema, content);
        expect(parsed.success, JSON.stringify(content)).toBe(true);
      }
    }
    expect(plain).toBeGreaterThan(10);
  });
});
