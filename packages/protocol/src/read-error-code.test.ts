import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { HubToAgent } from './agent-frames.ts';
import { decodeFrame } from './codec.ts';
import { ERROR_CODE_LIST } from './error-code-list.ts';
import { ERROR_CODE_PATTERN, readErrorCode } from './read-error-code.ts';
import { HubToShopper } from './shopper-frames.ts';

const storeDown = {
  v: 1,
  type: 'error',
  code: 'store_unavailable',
  message: 'the hub cannot reach its store now; retry shortly',
  retryable: true,
  re: 'r_1',
  clientMsgId: 'cm_1',
  retryAfterMs: 2000,
};

describe('readErrorCode', () => {
  it('keeps every known code, which all have the shape of one', () => {
    for (const code of ERROR_CODE_LIST) {
      expect(code).toMatch(ERROR_CODE_PATTERN);
      expect(readErrorCode(code, false)).toBe(code);
    }
  });

  it("reads a newer hub's code by the frame's retryable", () => {
    expect(readErrorCode('store_unavailable', true)).toBe('internal');
    expect(readErrorCode('payment_required', false)).toBe('invalid_frame');
  });
});

describe('ERROR_CODE_PATTERN', () => {
  it('takes snake_case up to 64 characters and nothing else', () => {
    for (const code of ['store_unavailable', 'a'.repeat(64)]) expect(code).toMatch(ERROR_CODE_PATTERN);
    for (const code of ['', 'Teapot', 'store-unavailable', '_x', 'a'.repeat(65), 'a1'])
      expect(code, code).not.toMatch(ERROR_CODE_PATTERN);
  });
});

describe('decodeFrame on an error frame with an unknown code', () => {
  for (const [name, schema] of [
    ['HubToShopper', HubToShopper],
    ['HubToAgent', HubToAgent],
  ] as const)
    it(`${name}: keeps the message, retryable, clientMsgId and retryAfterMs`, () => {
      expect(decodeFrame(schema, JSON.stringify(storeDown))).toEqual({
        ok: true,
        frame: { ...storeDown, code: 'internal' },
      });
      expect(decodeFrame(schema, JSON.stringify({ ...storeDown, retryable: false }))).toMatchObject({
        ok: true,
        frame: { code: 'invalid_frame', retryable: false, message: storeDown.message },
      });
    });

  it('refuses a code not shaped like one', () => {
    for (const code of ['Store-Unavailable', 'a'.repeat(65), 500, null])
      expect(decodeFrame(HubToShopper, JSON.stringify({ ...storeDown, code })), String(code)).toMatchObject({
        ok: false,
        code: 'invalid_frame',
      });
  });

  it('leaves the schema strict: a hub may only send the codes it lists', () => {
    expect(z.safeParse(HubToShopper, storeDown).success).toBe(false);
    expect(z.safeParse(HubToAgent, storeDown).success).toBe(false);
  });
});
