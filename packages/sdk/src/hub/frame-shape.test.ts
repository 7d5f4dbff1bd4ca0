import { AgentToHub, encodeFrame, LIMITS, MAX_ORDER_EVENTS, ShopperHello } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { FRAME_SHAPE, frameShapeProblem, frameTop } from './frame-shape.ts';

const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

/** An agent's order card at the protocol's every maximum: fifty lines, twenty events, ten parcels of fifty lines and fifty scans. */
const widestAgentFrame = {
  v: 1,
  type: 'send',
  id: 'r1',
  conversationId: 'c_1',
  clientMsgId: 'm1',
  content: {
    kind: 'order',
    order: {
      id: 'SO-1',
      status: 'shipped',
      total: 1,
      currency: 'CNY',
      items: many(50, (i) => ({ title: 't', quantity: 1, sku: `s${i}` })),
      carrier: 'c',
      trackingNo: 'T1',
      events: many(MAX_ORDER_EVENTS, () => ({ status: 'paid', at: 1 })),
      shipments: many(10, (i) => ({
        id: `p${i}`,
        carrier: 'c',
        trackingNo: 'T1',
        packed: many(50, () => ({ title: 't', quantity: 1, sku: 's' })),
        weightGrams: 1,
        packedAt: 1,
        scans: many(50, () => ({ at: 1, place: 'p', status: 's' })),
      })),
    },
  },
};

/** A shopper's hello with everything it may carry. */
const widestShopperHello = {
  v: 1,
  type: 'hello',
  id: 'h1',
  role: 'shopper',
  siteKey: 'shop',
  deviceId: 'd1',
  identity: 'x',
  session: 'y',
  resume: { conversationId: 'c_1', lastSeq: 3 },
  locale: 'zh-CN',
  page: {
    url: 'https://shop.example/p/1',
    title: 't',
    product: {
      id: 'p1',
      title: 't',
      price: 1,
      currency: 'CNY',
      url: 'https://shop.example/p/1',
      image: 'https://cdn.example/1.jpg',
      category: 'c',
    },
    orderId: 'SO-1',
  },
  features: many(16, (i) => `f${i}`),
};

describe('frameShapeProblem', () => {
  it('passes the widest frames clients send: an agent order card at every maximum, a shopper hello with everything', () => {
    expect(z.safeParse(AgentToHub, widestAgentFrame).success).toBe(true);
    const agent = encodeFrame(widestAgentFrame as never);
    expect(agent.length).toBeLessThanOrEqual(LIMITS.maxFrameBytes);
    expect(frameShapeProblem(agent, FRAME_SHAPE.agentValues)).toBeUndefined();
    expect(z.safeParse(ShopperHello, widestShopperHello).success).toBe(true);
    expect(frameShapeProblem(JSON.stringify(widestShopperHello), FRAME_SHAPE.shopperValues)).toBeUndefined();
  });

  it('refuses more values than allowed, and an object of more keys than any protocol object has', () => {
    const agent = encodeFrame(widestAgentFrame as never);
    // The order card is an agent's: from a shopper (or before a hello) it is far past theirs.
    expect(frameShapeProblem(agent, FRAME_SHAPE.shopperValues)).toMatch(/more than 1024 values/);
    expect(frameShapeProblem(`{"t":[${'1,'.repeat(2000)}1]}`, FRAME_SHAPE.shopperValues)).toMatch(/values/);
    const keys = many(FRAME_SHAPE.maxKeys + 1, (i) => `"k${i}":1`).join(',');
    expect(frameShapeProblem(`{"v":1,"t":{${keys}}}`, FRAME_SHAPE.agentValues)).toMatch(/more than 64 keys/);
  });

  it('counts nothing inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ v: 1, type: 'send', text: `"${',{['.repeat(5000)}\\"` });
    expect(frameShapeProblem(text, FRAME_SHAPE.shopperValues)).toBeUndefined();
  });

  it('refuses nesting deeper than any frame has (an order card nests 7)', () => {
    const deep = (n: number) => `{"v":1,"t":${'['.repeat(n - 1)}${']'.repeat(n - 1)}}`;
    expect(frameShapeProblem(deep(FRAME_SHAPE.maxDepth), FRAME_SHAPE.shopperValues)).toBeUndefined();
    expect(frameShapeProblem(deep(FRAME_SHAPE.maxDepth + 1), FRAME_SHAPE.shopperValues)).toMatch(
      /more than 32 deep/,
    );
  });
});

describe('frameTop', () => {
  it('reads the version and the request of the top level only, wherever they are in the frame', () => {
    const deepV = `{"v":${'['.repeat(100)}${']'.repeat(100)},"type":"ping","id":"e1"}`;
    expect(frameTop(deepV)).toEqual({ thisVersion: false, re: 'e1' });
    const nested = '{"t":{"v":1,"id":"inner","clientMsgId":"x"},"clientMsgId":"m1","v": 1 ,"id":"r1"}';
    expect(frameTop(nested)).toEqual({ thisVersion: true, re: 'r1', clientMsgId: 'm1' });
    expect(frameTop('{"v":"1","id":"a\\"b"}')).toEqual({ thisVersion: false });
    expect(frameTop('{"v":2}')).toEqual({ thisVersion: false });
    expect(frameTop('{"v":1.0,"t":[]}')).toEqual({ thisVersion: true });
    expect(frameTop('[1,2]')).toEqual({ thisVersion: false });
  });
});
