import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { HubToAgent } from './agent-frames.ts';
import { AgentToHub } from './agent-to-hub.ts';
import { decodeFrame, utf8Length } from './codec.ts';
import { AgentContent, Content, ShopperContent } from './content.ts';
import { SYSTEM_EVENTS } from './enums.ts';
import { ERROR_CODE_LIST } from './errors.ts';
import { LIMITS } from './limits.ts';
import { HubToShopper, ShopperToHub } from './shopper-frames.ts';
import {
  loadVectors,
  padFrame,
  resolveVector,
  VECTOR_DIRECTIONS,
  type Vector,
  type VectorDirection,
  type VectorSchemaName,
} from './vectors.ts';

const SCHEMAS = { ShopperToHub, HubToShopper, AgentToHub, HubToAgent } satisfies Record<
  VectorSchemaName,
  z.ZodMiniType
>;

/** Content kinds each direction can carry: the vectors must show every one of them valid. */
const CONTENT_KINDS: Record<VectorDirection, ReadonlySet<unknown>> = {
  'shopper-to-hub': ShopperContent._zod.propValues.kind!,
  'hub-to-shopper': Content._zod.propValues.kind!,
  'agent-to-hub': AgentContent._zod.propValues.kind!,
  'hub-to-agent': Content._zod.propValues.kind!,
};

type Json = Record<string, unknown>;
const parsed = (v: Vector): Json => JSON.parse(v.raw) as Json;
const valid = (vectors: Vector[]) => vectors.filter((v) => v.expect === 'valid').map(parsed);
const contentOf = (frame: Json): Json | undefined =>
  (frame.content ?? (frame.message as Json | undefined)?.content) as Json | undefined;

for (const direction of VECTOR_DIRECTIONS) {
  const file = loadVectors(direction);
  const schema = SCHEMAS[file.schema];

  describe(`vectors/${direction}.json`, () => {
    for (const vector of file.vectors) {
      it(vector.name, () => {
        const result = decodeFrame(schema, vector.raw);
        if (vector.expect === 'valid') {
          expect(result, result.ok ? '' : result.message).toMatchObject({ ok: true });
          return;
        }
        expect(result).toMatchObject({ ok: false, code: vector.expect.error });
        if (vector.expect.re !== undefined) expect(result).toMatchObject({ re: vector.expect.re });
      });
    }

    it('gives every vector a unique name', () => {
      const names = file.vectors.map((v) => v.name);
      expect(new Set(names).size).toBe(names.length);
    });

    it('shows every frame type of the direction as valid', () => {
      const seen = new Set(valid(file.vectors).map((frame) => frame.type));
      expect([...schema._zod.propValues.type!].filter((type) => !seen.has(type))).toEqual([]);
    });

    it('shows every content kind of the direction as valid', () => {
      const seen = new Set(valid(file.vectors).map((frame) => contentOf(frame)?.kind));
      expect([...CONTENT_KINDS[direction]].filter((kind) => !seen.has(kind))).toEqual([]);
    });

    it('has invalid vectors for each error a decoder reports on its own', () => {
      const codes = new Set(file.vectors.map((v) => (v.expect === 'valid' ? 'valid' : v.expect.error)));
      expect(codes).toEqual(new Set(['valid', 'invalid_frame', 'unsupported_version', 'frame_too_large']));
    });

    it('pads the size vectors to exactly maxFrameBytes and one byte past it', () => {
      const sizes = file.vectors
        .filter((v) => v.name.includes('maxFrameBytes'))
        .map((v) => utf8Length(v.raw));
      expect(new Set(sizes)).toEqual(new Set([LIMITS.maxFrameBytes, LIMITS.maxFrameBytes + 1]));
    });
  });
}

describe('hub-to-client vectors', () => {
  it.each(['hub-to-shopper', 'hub-to-agent'] as const)('%s shows every error code and system event', (d) => {
    const frames = valid(loadVectors(d).vectors);
    const codes = new Set(frames.filter((f) => f.type === 'error').map((f) => f.code));
    const events = new Set(frames.map((f) => contentOf(f)).map((c) => c?.event));
    expect(ERROR_CODE_LIST.filter((code) => !codes.has(code))).toEqual([]);
    expect(SYSTEM_EVENTS.filter((e) => !events.has(e))).toEqual([]);
  });
});

describe('padFrame', () => {
  it('reaches the byte target exactly with a 3-byte character that does not divide it', () => {
    const raw = padFrame({ v: 1, type: 'ping', padding: '' }, { field: 'padding', with: '客', toBytes: 101 });
    expect(utf8Length(raw)).toBe(101);
    expect(raw).toMatch(/客+a*"}$/);
  });

  it('pads a nested field', () => {
    const frame = { v: 1, content: { text: 'x' } };
    const raw = padFrame(frame, { field: 'content.text', with: 'a', toBytes: 50 });
    expect(raw.length).toBe(50);
    expect(frame.content.text).toBe('x'); // the vector itself is left untouched
  });

  it('refuses a field that is not a string', () => {
    expect(() => padFrame({ v: 1 }, { field: 'v', with: 'a', toBytes: 50 })).toThrow(/not a string/);
  });

  it('refuses a padding character that JSON would escape', () => {
    expect(() => padFrame({ p: '' }, { field: 'p', with: '"', toBytes: 50 })).toThrow(/escaped/);
  });
});

describe('resolveVector', () => {
  it('sends raw text exactly as written', () => {
    expect(resolveVector({ name: 'n', raw: ' {"v":1.0} ', expect: 'valid' }).raw).toBe(' {"v":1.0} ');
  });

  it('refuses a vector with both raw and frame', () => {
    expect(() => resolveVector({ name: 'n', raw: '{}', frame: {}, expect: 'valid' })).toThrow(/exactly one/);
  });
});
