import { describe, expect, it } from 'vitest';
import { encodeFrameText } from './frame-text.ts';

describe('encodeFrameText', () => {
  it('writes the text JSON.stringify gives, for the frames of a message round trip', () => {
    const frames = [
      {
        v: 1,
        type: 'ack',
        re: undefined,
        conversationId: 'c_0123456789abcdef',
        clientMsgId: 'm12',
        seq: 12,
        messageId: 'm_0123456789abcdef',
        createdAt: 1_765_000_000_000,
        duplicate: false,
      },
      {
        v: 1,
        type: 'message',
        message: {
          seq: 13,
          id: 'm_0123456789abcdef',
          author: { kind: 'bot', name: '小助手' },
          createdAt: 1_765_000_000_001,
          content: { kind: 'text', text: '7 天无理由退货 "quoted" \\ back\nslash\t😀 \u2028 \ud800 lone' },
        },
      },
      {
        v: 1,
        type: 'quick',
        replies: [{ title: 'Yes' }, null, undefined, () => 1, Symbol('s'), [1, [2, []]]],
      },
      { n: [0, -0, 1.5, -2e-7, 1e21, Number.NaN, Number.POSITIVE_INFINITY], t: true, f: false, z: null },
      { skipped: undefined, fn: () => 1, [Symbol('hidden')]: 1, '': 'empty key', 'k"ey\n': 'escaped key' },
      Object.assign(Object.create(null), { bare: 'object', 2: 'integer keys first', 1: 'in order' }),
      {},
      [],
    ];
    for (const frame of frames) expect(encodeFrameText(frame)).toBe(JSON.stringify(frame));
  });

  it('leaves what only JSON.stringify knows to it: toJSON, class instances, boxed values, large frames', () => {
    const frames = [
      { at: new Date(0) },
      { custom: { toJSON: () => 'mine' } },
      { boxed: new String('text') },
      { map: new Map([[1, 2]]) },
      { text: 'x'.repeat(200_000) },
      { deep: JSON.parse(`${'['.repeat(100)}1${']'.repeat(100)}`) },
    ];
    for (const frame of frames) expect(encodeFrameText(frame)).toBe(JSON.stringify(frame));
  });

  it('fails as JSON.stringify fails: a bigint, a cycle', () => {
    expect(() => encodeFrameText({ n: 1n })).toThrow(TypeError);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => encodeFrameText(cycle)).toThrow(TypeError);
  });

  it('reads a frame of ASCII after one of Chinese text as ASCII, and the other way round', () => {
    const frames = [{ text: '退货' }, { text: 'return' }, { text: 'é' }, { text: 'plain' }];
    for (const frame of frames) expect(encodeFrameText(frame)).toBe(JSON.stringify(frame));
  });
});
