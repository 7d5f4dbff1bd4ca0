/**
 * Loads the protocol's test vectors (`vectors/*.json`) with every input resolved to the exact
 * text of one WebSocket message. Node only (reads files with node:fs), so `index.ts` does not
 * re-export it: the index must stay safe to bundle for browsers.
 */
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ERROR_CODE_LIST, type ErrorCode } from './errors.ts';

export const VECTOR_DIRECTIONS = [
  'shopper-to-hub',
  'hub-to-shopper',
  'agent-to-hub',
  'hub-to-agent',
] as const;
export type VectorDirection = (typeof VECTOR_DIRECTIONS)[number];

/** Which union of `index.ts` decodes each direction's frames. */
export const VECTOR_SCHEMA_NAMES = {
  'shopper-to-hub': 'ShopperToHub',
  'hub-to-shopper': 'HubToShopper',
  'agent-to-hub': 'AgentToHub',
  'hub-to-agent': 'HubToAgent',
} as const satisfies Record<VectorDirection, string>;
export type VectorSchemaName = (typeof VECTOR_SCHEMA_NAMES)[VectorDirection];

const Expect = z.union([
  z.literal('valid'),
  z.strictObject({
    error: z.enum(ERROR_CODE_LIST as [ErrorCode, ...ErrorCode[]]),
    re: z.optional(z.string()),
  }),
]);

// Strict, so a typo in a hand-edited vector file ("fram", "expects") fails loudly instead of
// silently turning a vector into something else.
const VectorEntry = z.strictObject({
  name: z.string().check(z.minLength(1)),
  frame: z.optional(z.unknown()),
  raw: z.optional(z.string()),
  pad: z.optional(
    z.strictObject({
      field: z.string().check(z.minLength(1)),
      with: z.string().check(z.minLength(1)),
      toBytes: z.int().check(z.gte(1)),
    }),
  ),
  expect: Expect,
});
export type VectorEntry = z.infer<typeof VectorEntry>;

const VectorFileSchema = z.strictObject({
  schema: z.enum(Object.values(VECTOR_SCHEMA_NAMES) as [VectorSchemaName, ...VectorSchemaName[]]),
  about: z.optional(z.string()),
  vectors: z.array(VectorEntry),
});

export type VectorExpect = 'valid' | { error: ErrorCode; re?: string };

/** One vector, ready to send: `raw` is exactly what goes over the socket. */
export interface Vector {
  name: string;
  raw: string;
  expect: VectorExpect;
}

export interface VectorFile {
  direction: VectorDirection;
  schema: VectorSchemaName;
  vectors: Vector[];
}

const encoder = new TextEncoder();

/**
 * Applies a `pad` instruction: appends `with` to the string at the dotted `field` as often as it
 * fits, then ASCII "a" until the compact UTF-8 serialization is exactly `toBytes` bytes.
 * Vectors of 64 KiB are described this way because a JSON file cannot compute them and inlining
 * them would make the files unreadable.
 * @example
 * padFrame({ v: 1, type: 'ping', padding: '' }, { field: 'padding', with: 'a', toBytes: 100 }).length; // 100
 */
export function padFrame(frame: unknown, pad: { field: string; with: string; toBytes: number }): string {
  const copy = structuredClone(frame);
  const keys = pad.field.split('.');
  const last = keys.pop()!;
  let parent: unknown = copy;
  for (const key of keys) parent = (parent as Record<string, unknown> | undefined)?.[key];
  const target = parent as Record<string, unknown> | undefined;
  if (typeof target?.[last] !== 'string')
    throw new Error(`pad.field ${pad.field} is not a string in the frame`);
  const base = encoder.encode(JSON.stringify(copy)).length;
  const unit = encoder.encode(pad.with).length;
  if (encoder.encode(JSON.stringify(pad.with)).length !== unit + 2) {
    throw new Error(`pad.with ${JSON.stringify(pad.with)} would be escaped in JSON`);
  }
  const room = pad.toBytes - base;
  if (room < 0) throw new Error(`frame is already ${base} bytes, more than pad.toBytes ${pad.toBytes}`);
  const count = Math.floor(room / unit);
  target[last] = `${target[last]}${pad.with.repeat(count)}${'a'.repeat(room - count * unit)}`;
  return JSON.stringify(copy);
}

/** Turns a vector entry into the exact text to send. */
export function resolveVector(entry: VectorEntry): Vector {
  const has = (key: 'raw' | 'frame') => Object.hasOwn(entry, key);
  if (has('raw') === has('frame'))
    throw new Error(`vector "${entry.name}" needs exactly one of raw and frame`);
  if (entry.pad && !has('frame')) throw new Error(`vector "${entry.name}": pad applies to frame only`);
  const raw =
    entry.raw ?? (entry.pad ? padFrame(entry.frame, entry.pad) : (JSON.stringify(entry.frame) as string));
  return { name: entry.name, raw, expect: entry.expect };
}

/**
 * Reads one direction's vector file and resolves every vector to the text to send.
 * @example
 * const { vectors } = loadVectors('shopper-to-hub');
 * for (const v of vectors) if (v.expect !== 'valid') socket.send(v.raw); // expect an error frame
 */
export function loadVectors(direction: VectorDirection): VectorFile {
  // Relative to this module, so the same path works from src/ (tests) and dist/ (published).
  const text = readFileSync(new URL(`../vectors/${direction}.json`, import.meta.url), 'utf8');
  const file = z.parse(VectorFileSchema, JSON.parse(text));
  if (file.schema !== VECTOR_SCHEMA_NAMES[direction]) {
    throw new Error(`vectors/${direction}.json names schema ${file.schema}`);
  }
  return { direction, schema: file.schema, vectors: file.vectors.map(resolveVector) };
}
