import { describe, expect, it } from 'vitest';
import { decodeFrame, Hello, utf8Length } from './codec.ts';
import { encodeFrame } from './encode-frame.ts';
import { ERROR_CODES } from './errors.ts';
import { LIMITS } from './limits.ts';
import { HubToShopper, Ping, ShopperToHub } from './shopper-frames.ts';
import { loadVectors, VECTOR_DIRECTIONS } from './vectors.ts';

/** Seeded PRNG (mulberry32), so a failing random input reproduces on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A frame of exactly `bytes` UTF-8 bytes: a ping whose unknown `p` field is filled with `fill`. */
function pingOfBytes(bytes: number, fill: string): string {
  const base = utf8Length('{"v":1,"type":"ping","p":""}');
  const unit = utf8Length(fill);
  const count = Math.floor((bytes - base) / unit);
  return `{"v":1,"type":"ping","p":"${fill.repeat(count)}${'a'.repeat(bytes - base - count * unit)}"}`;
}

describe('decodeFrame', () => {
  it('decodes a valid frame into its typed value', () => {
    const result = decodeFrame(ShopperToHub, '{"v":1,"type":"read","seq":3}');
    expect(result).toEqual({ ok: true, frame: { v: 1, type: 'read', seq: 3 } });
  });

  it('drops unknown fields, so a newer peer can add optional ones', () => {
    expect(decodeFrame(Ping, '{"v":1,"type":"ping","later":true}')).toEqual({
      ok: true,
      frame: { v: 1, type: 'ping' },
    });
  });

  it('accepts a frame of exactly maxBytes UTF-8 bytes made of Chinese text', () => {
    const raw = pingOfBytes(100, '客');
    expect(utf8Length(raw)).toBe(100);
    expect(decodeFrame(Ping, raw, 100).ok).toBe(true);
  });

  it('rejects a frame one byte past maxBytes', () => {
    expect(decodeFrame(Ping, pingOfBytes(101, '客'), 100)).toMatchObject({
      ok: false,
      code: 'frame_too_large',
    });
  });

  it('measures UTF-8 bytes, not characters: Chinese text under the limit in characters is still too large', () => {
    const raw = pingOfBytes(LIMITS.maxFrameBytes + 1, '客');
    expect(raw.length).toBeLessThan(LIMITS.maxFrameBytes / 2);
    expect(decodeFrame(Ping, raw)).toMatchObject({ ok: false, code: 'frame_too_large' });
  });

  it('counts an emoji as 4 bytes', () => {
    const raw = pingOfBytes(104, '😀');
    expect(decodeFrame(Ping, raw, 104).ok).toBe(true);
    expect(decodeFrame(Ping, raw, 103)).toMatchObject({ ok: false, code: 'frame_too_large' });
  });

  it('uses LIMITS.maxFrameBytes when no limit is given', () => {
    expect(decodeFrame(Ping, pingOfBytes(LIMITS.maxFrameBytes, 'a')).ok).toBe(true);
    expect(decodeFrame(Ping, pingOfBytes(LIMITS.maxFrameBytes + 1, 'a'))).toMatchObject({
      code: 'frame_too_large',
    });
  });

  it('does not parse an oversized frame, so it cannot echo its id', () => {
    const raw = `{"v":1,"type":"ping","id":"r_1","p":"${'a'.repeat(200)}"}`;
    expect(decodeFrame(Ping, raw, 100)).toEqual({
      ok: false,
      code: 'frame_too_large',
      message: 'frame is larger than 100 bytes',
    });
  });

  it("echoes the offending frame's id as re on a schema error", () => {
    const result = decodeFrame(ShopperToHub, '{"v":1,"type":"send","id":"r_7","clientMsgId":"c_1"}');
    expect(result).toMatchObject({ ok: false, code: 'invalid_frame', re: 'r_7' });
  });

  it('echoes the id as re on an unsupported version', () => {
    expect(decodeFrame(ShopperToHub, '{"v":2,"type":"ping","id":"r_8"}')).toMatchObject({
      code: 'unsupported_version',
      re: 'r_8',
    });
  });

  it('echoes no re when the id is not a string or longer than maxIdChars', () => {
    for (const id of [7, null, { x: 1 }, 'a'.repeat(LIMITS.maxIdChars + 1)]) {
      const result = decodeFrame(ShopperToHub, JSON.stringify({ v: 1, type: 'nope', id }));
      expect(result).not.toHaveProperty('re');
    }
  });

  it('answers a missing v with invalid_frame and any other v with unsupported_version', () => {
    expect(decodeFrame(Ping, '{"type":"ping"}')).toMatchObject({ code: 'invalid_frame' });
    for (const v of [0, 2, '1', null, true, 1.5]) {
      expect(decodeFrame(Ping, JSON.stringify({ v, type: 'ping' }))).toMatchObject({
        code: 'unsupported_version',
      });
    }
  });

  it('answers anything that is not a JSON object with invalid_frame', () => {
    for (const raw of ['', 'ping', '[]', '[{"v":1,"type":"ping"}]', 'null', '"x"', '1', 'false', '{']) {
      expect(decodeFrame(Ping, raw), raw).toMatchObject({ ok: false, code: 'invalid_frame' });
    }
  });

  it('names the offending field in the message', () => {
    const raw = '{"v":1,"type":"send","clientMsgId":"c_1","content":{"kind":"text","text":""}}';
    expect(decodeFrame(ShopperToHub, raw)).toMatchObject({
      message: expect.stringContaining('content.text'),
    });
  });

  it('names the allowed values and the value received, as the HTTP API and config do', () => {
    // An unknown `type` read "type: matches none of the allowed shapes": which types exist, and
    // what the client sent, the merchant had to find in the protocol's sources.
    expect(decodeFrame(ShopperToHub, '{"v":1,"type":"sned","id":"a"}')).toMatchObject({
      message:
        'type: expected one of "hello"|"send"|"typing"|"read"|"history"|"context"|"csat"|"feedback"|"ping", got "sned"',
    });
    const kind = '{"v":1,"type":"send","clientMsgId":"c_1","content":{"kind":"txt","text":"x"}}';
    expect(decodeFrame(ShopperToHub, kind)).toMatchObject({
      message: expect.stringMatching(/^content\.kind: expected one of "text"\|.*, got "txt"$/),
    });
    const missing = '{"v":1,"type":"send","content":{"kind":"text","text":"x"}}';
    expect(decodeFrame(ShopperToHub, missing)).toMatchObject({ message: 'clientMsgId: required: a string' });
    const type = '{"v":1,"type":"send","clientMsgId":7,"content":{"kind":"text","text":"x"}}';
    expect(decodeFrame(ShopperToHub, type)).toMatchObject({
      message: 'clientMsgId: expected a string, got 7',
    });
    const hello = decodeFrame(Hello, '{"v":1,"type":"hello","role":"bot"}');
    expect(hello).toMatchObject({ message: 'role: expected one of "shopper"|"agent", got "bot"' });
  });

  it('quotes a received value short: a long one by its length, an object by its kind', () => {
    const long = JSON.stringify({ v: 1, type: 'x'.repeat(500) });
    expect(decodeFrame(ShopperToHub, long)).toMatchObject({
      message: expect.stringMatching(/, got a string of 500 characters$/),
    });
    expect(decodeFrame(ShopperToHub, '{"v":1,"type":{"a":1}}')).toMatchObject({
      message: expect.stringMatching(/, got an object$/),
    });
  });

  it("keeps a schema error's message within an error frame's 1000 characters", () => {
    const long = 'x'.repeat(3000);
    const raw = JSON.stringify({
      v: 1,
      type: 'hello',
      role: 'shopper',
      siteKey: long,
      deviceId: long,
      locale: long,
    });
    const result = decodeFrame(ShopperToHub, raw);
    expect(!result.ok && result.message.length).toBeLessThanOrEqual(1000);
  });

  it("keeps an unsupported_version message within an error frame's 1000 characters", () => {
    const result = decodeFrame(Ping, JSON.stringify({ v: 'x'.repeat(5000), type: 'ping' }));
    expect(!result.ok && result.message.length).toBeLessThanOrEqual(1000);
  });

  it('gives every invalid vector a failure the hub can send back as a valid error frame', () => {
    for (const direction of VECTOR_DIRECTIONS) {
      for (const vector of loadVectors(direction).vectors) {
        const result = decodeFrame(ShopperToHub, vector.raw);
        if (result.ok) continue;
        const { code, message, re } = result;
        const frame = { v: 1, type: 'error', code, message, retryable: ERROR_CODES[code].retryable, re };
        expect(decodeFrame(HubToShopper, encodeFrame(frame)).ok, vector.name).toBe(true);
      }
    }
  });

  it('ignores a __proto__ key instead of polluting Object.prototype', () => {
    const result = decodeFrame(Ping, '{"v":1,"type":"ping","__proto__":{"polluted":true}}');
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('survives JSON nested 30 000 levels deep', () => {
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    expect(decodeFrame(Ping, `{"v":1,"type":"ping","x":${deep}}`).ok).toBe(true);
    expect(decodeFrame(Ping, deep)).toMatchObject({ code: 'invalid_frame' });
  });

  it('answers a v nested 30 000 levels deep with unsupported_version instead of throwing', () => {
    // Quoting such a v in the message overflowed the stack: the hub answered nothing and logged a fault.
    for (const deep of [
      `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
      `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
    ])
      expect(decodeFrame(Ping, `{"v":${deep},"type":"ping","id":"p1"}`)).toMatchObject({
        ok: false,
        code: 'unsupported_version',
        re: 'p1',
      });
  });

  // 3,000 inputs through both schemas: about 0.5 s alone, many times that beside the suite's other files.
  it('never throws and always answers a known error code, over random and mangled input', () => {
    const next = random(0x6b656675);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const tokens = [
      '{',
      '}',
      '[',
      ']',
      '"',
      ':',
      ',',
      '1',
      '-1',
      '1e999',
      '0.5',
      'true',
      'null',
      '\\',
      '\\u',
      ' ',
      '"v"',
      '"type"',
      '"id"',
      '"seq"',
      '"ping"',
      '"send"',
      '"hello"',
      '"content"',
      '客',
      '😀',
      '\ud800',
      '\u0000',
    ];
    const seeds = VECTOR_DIRECTIONS.flatMap((d) => loadVectors(d).vectors.map((v) => v.raw)).filter(
      (raw) => raw.length < 2000,
    );
    const inputs: string[] = [];
    for (let i = 0; i < 1500; i++) {
      inputs.push(Array.from({ length: Math.floor(next() * 40) }, () => pick(tokens)).join(''));
    }
    for (let i = 0; i < 1500; i++) {
      // Mangle a real frame: cut a slice out and splice tokens in, so inputs get deep into the schemas.
      const raw = pick(seeds);
      const at = Math.floor(next() * raw.length);
      inputs.push(raw.slice(0, at) + pick(tokens) + raw.slice(at + Math.floor(next() * 4)));
    }
    for (const raw of inputs) {
      for (const schema of [ShopperToHub, HubToShopper]) {
        const result = decodeFrame(schema, raw);
        if (result.ok) {
          expect(result.frame.v).toBe(1);
          continue;
        }
        expect(Object.keys(ERROR_CODES), raw).toContain(result.code);
        expect(typeof result.message).toBe('string');
        if ('re' in result) expect(result.re!.length).toBeLessThanOrEqual(LIMITS.maxIdChars);
      }
    }
  }, 60_000);
});

describe('utf8Length', () => {
  it('counts ASCII, Chinese, emoji and mixed text like Buffer.byteLength', () => {
    for (const text of ['', 'hello', '你好', '😀', 'a客😀b', '\u007f\u0080', 'é'.repeat(10)]) {
      expect(utf8Length(text), text).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});

describe('encodeFrame', () => {
  it('produces text that decodeFrame reads back to the same frame', () => {
    const frame = {
      v: 1,
      type: 'send',
      clientMsgId: 'c_1',
      content: { kind: 'text', text: '你好 😀' },
    } as const;
    expect(decodeFrame(ShopperToHub, encodeFrame(frame))).toEqual({ ok: true, frame });
  });
});
