import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODE_PATTERN, readErrorCode } from '../src/read-error-code.ts';
import { loadVectors, VECTOR_DIRECTIONS, type VectorEntry } from '../src/vectors.ts';
import { buildJsonSchemas, formatJsonSchema, SCHEMA_DIR } from './export-json-schema.ts';

type Schema = Record<string, unknown>;

/**
 * A validator for the subset of JSON Schema that zod's toJSONSchema emits for our frames
 * (type, const, enum, properties, required, additionalProperties, items, min/max length, pattern, items
 * and value, oneOf, anyOf). The package has no JSON Schema dependency, and this is enough to
 * prove that the committed schemas say what the zod schemas say, vector by vector.
 * Any keyword it does not know fails loudly, so a richer schema cannot pass unchecked.
 */
function validates(schema: Schema, value: unknown): boolean {
  const known = new Set([
    ...['$schema', 'title', 'description', 'type', 'const', 'enum', 'properties', 'required'],
    ...['additionalProperties', 'items', 'minItems', 'maxItems', 'minLength', 'maxLength'],
    ...['minimum', 'maximum', 'oneOf', 'anyOf', 'pattern'],
  ]);
  for (const key of Object.keys(schema)) if (!known.has(key)) throw new Error(`unsupported keyword ${key}`);
  const types: Record<string, (v: unknown) => boolean> = {
    object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number',
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
    null: (v) => v === null,
  };
  if (typeof schema.type === 'string' && !types[schema.type]!(value)) return false;
  if ('const' in schema && schema.const !== value) return false;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return false;
  if (typeof value === 'string') {
    const length = [...value].length; // JSON Schema counts code points
    if (typeof schema.minLength === 'number' && length < schema.minLength) return false;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) return false;
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return false;
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return false;
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return false;
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return false;
    if (schema.items && !value.every((item) => validates(schema.items as Schema, item))) return false;
  }
  if (types.object!(value)) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    if (Array.isArray(schema.required) && !schema.required.every((key) => Object.hasOwn(record, key)))
      return false;
    for (const [key, item] of Object.entries(record)) {
      if (properties[key]) {
        if (!validates(properties[key], item)) return false;
      } else if (schema.additionalProperties === false) return false;
    }
  }
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s) => validates(s, value)).length !== 1)
    return false;
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => validates(s, value))) return false;
  return true;
}

/** An `error` frame whose code is shaped like one, with the code a client reads (`readErrorCode`). */
function withCodeRead(frame: unknown): unknown {
  const f = frame as Record<string, unknown>;
  return f.type === 'error' && typeof f.code === 'string' && ERROR_CODE_PATTERN.test(f.code)
    ? { ...f, code: readErrorCode(f.code, f.retryable) }
    : frame;
}

const committed = (file: string): unknown => JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8'));

/** The vector files' raw entries: `frame` values as JSON, before any padding. */
function entries(direction: string): VectorEntry[] {
  const text = readFileSync(new URL(`../vectors/${direction}.json`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { vectors: VectorEntry[] }).vectors;
}

describe('schema/*.schema.json', () => {
  const built = buildJsonSchemas();

  it('is up to date with the zod schemas (run `pnpm --filter @kefu/protocol schema` after changing them)', () => {
    expect(readdirSync(SCHEMA_DIR).sort()).toEqual(Object.keys(built).sort());
    for (const [file, schema] of Object.entries(built)) {
      expect(committed(file), file).toEqual(schema);
      expect(readFileSync(new URL(file, SCHEMA_DIR), 'utf8'), file).toBe(formatJsonSchema(schema));
    }
  });

  for (const direction of VECTOR_DIRECTIONS) {
    const schema = built[`${direction}.schema.json`]!;
    // Raw and padded vectors are about bytes and JSON syntax, which a schema does not see. An error
    // frame's code is read first, as the README's decoding steps say (step 4): the schemas are strict.
    const framed = entries(direction)
      .filter((e) => Object.hasOwn(e, 'frame') && !e.pad)
      .map((e) => ({ ...e, frame: withCodeRead(e.frame) }));

    it(`accepts every valid ${direction} vector`, () => {
      const rejected = framed.filter((e) => e.expect === 'valid' && !validates(schema, e.frame));
      expect(rejected.map((e) => e.name)).toEqual([]);
    });

    it(`rejects every invalid ${direction} vector`, () => {
      const accepted = framed.filter((e) => e.expect !== 'valid' && validates(schema, e.frame));
      expect(accepted.map((e) => e.name)).toEqual([]);
    });
  }

  it('accepts the hello vectors of both roles in hello.schema.json, and nothing else', () => {
    const hello = built['hello.schema.json']!;
    const frames = ['shopper-to-hub', 'agent-to-hub'].flatMap((d) =>
      entries(d).filter((e) => e.expect === 'valid' && Object.hasOwn(e, 'frame') && !e.pad),
    );
    const isHello = (e: VectorEntry) => (e.frame as { type?: unknown }).type === 'hello';
    expect(frames.filter(isHello).length).toBeGreaterThan(3);
    for (const e of frames) expect(validates(hello, e.frame), e.name).toBe(isHello(e));
  });

  it('requires every field the send frame requires, and no more', () => {
    const send = (built['shopper-to-hub.schema.json']!.oneOf as Schema[]).find(
      (s) => (s.properties as Record<string, Schema>).type!.const === 'send',
    );
    expect(send?.required).toEqual(['v', 'type', 'clientMsgId', 'content']);
  });

  it('skips only the size vectors: the padded ones are exactly those about maxFrameBytes', () => {
    for (const direction of VECTOR_DIRECTIONS) {
      const padded = entries(direction)
        .filter((e) => e.pad)
        .map((e) => e.name);
      const sized = loadVectors(direction)
        .vectors.filter((v) => v.name.includes('maxFrameBytes'))
        .map((v) => v.name);
      expect(padded).toEqual(sized);
    }
  });
});
