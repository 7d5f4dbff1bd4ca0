import * as z from 'zod/mini';
import { AgentHello } from './agent-to-hub.ts';
import type { ErrorCode } from './errors.ts';
import { LIMITS } from './limits.ts';
import { plainShopperSend } from './plain-send.ts';
import { ERROR_CODE_PATTERN, readErrorCode } from './read-error-code.ts';
import { ShopperHello, ShopperToHub } from './shopper-frames.ts';
import { PROTOCOL_VERSION } from './version.ts';

/** The first frame on any connection: a shopper's or an agent's hello. */
export const Hello = z.discriminatedUnion('role', [ShopperHello, AgentHello]);
export type Hello = z.infer<typeof Hello>;

export type DecodeResult<T> =
  | { ok: true; frame: T }
  | {
      ok: false;
      code: ErrorCode;
      message: string /** the offending frame's `id`, when it had one */;
      re?: string;
    };

const encoder = new TextEncoder();

/** UTF-8 byte length of a string, without allocating for pure-ASCII text. */
export function utf8Length(text: string): number {
  // Fast path: every UTF-16 unit under 0x80 is one byte.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return encoder.encode(text).length;
  }
  return text.length;
}

/**
 * Decodes one frame: size, JSON, protocol version, then the schema of its direction.
 * Never throws; a failure carries the stable error code to answer with. An `error` frame's code
 * this build does not know but shaped like one is read with {@link readErrorCode} (clients must
 * accept a newer hub's codes); `ErrorFrame` itself, which checks the hub's own frames, stays strict.
 * @example
 * const r = decodeFrame(ShopperToHub, '{"v":1,"type":"ping"}');
 * if (r.ok) r.frame.type; // 'ping'
 */
export function decodeFrame<S extends z.ZodMiniType>(
  schema: S,
  raw: string,
  maxBytes: number = LIMITS.maxFrameBytes,
): DecodeResult<z.infer<S>> {
  // Cheap bounds first: a string of more than maxBytes code units is certainly too large, and one
  // of at most a third of it certainly fits (a UTF-16 unit is at most three bytes of UTF-8).
  if (raw.length > maxBytes || (raw.length * 3 > maxBytes && utf8Length(raw) > maxBytes)) {
    return { ok: false, code: 'frame_too_large', message: `frame is larger than ${maxBytes} bytes` };
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'invalid_frame', message: 'frame is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, code: 'invalid_frame', message: 'frame must be a JSON object' };
  }
  const record = data as Record<string, unknown>;
  const re =
    typeof record.id === 'string' && record.id.length >= 1 && record.id.length <= LIMITS.maxIdChars
      ? record.id
      : undefined;
  if (record.v !== PROTOCOL_VERSION) {
    return record.v === undefined
      ? fail('invalid_frame', 'frame has no protocol version "v"', re)
      : fail(
          'unsupported_version',
          `protocol version ${shownVersion(record.v)} is not supported; this hub speaks ${PROTOCOL_VERSION}`,
          re,
        );
  }
  // A newer hub's error code this client does not know: read as the closest known one, so the
  // frame's message, retryable and clientMsgId still reach the client (only hubs send `error`).
  if (record.type === 'error' && typeof record.code === 'string' && ERROR_CODE_PATTERN.test(record.code))
    record.code = readErrorCode(record.code, record.retryable);
  // A shopper's text message, the commonest frame, without zod's garbage (see plain-send.ts).
  if (schema === (ShopperToHub as z.ZodMiniType)) {
    const plain = plainShopperSend(record);
    if (plain) return { ok: true, frame: plain as z.infer<S> };
  }
  const parsed = z.safeParse(schema, data);
  if (!parsed.success) return fail('invalid_frame', describeIssues(parsed.error.issues, data), re);
  return { ok: true, frame: parsed.data };
}

/** A refused `v` for the message: quoting an array or object a client nested thousands deep overflows the stack. */
function shownVersion(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' && v !== null ? 'an object' : JSON.stringify(v).slice(0, 40);
}

// A module function, not a closure made for every frame decoded.
function fail(code: ErrorCode, message: string, re: string | undefined): DecodeResult<never> {
  return re === undefined ? { ok: false, code, message } : { ok: false, code, message, re };
}

/**
 * Up to three issues of a failed parse as `path: problem` in English, for an error message. With
 * `input` (what was parsed), an issue also names the value received, worded as the SDK's HTTP API
 * and config errors word it (`expected one of "a"|"b", got "c"`).
 * @example
 * describeIssues(z.safeParse(Content, content).error!.issues); // 'replies.0.payload: too long (at most 256)'
 */
export function describeIssues(issues: ReadonlyArray<z.core.$ZodIssue>, input?: unknown): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(frame)'}: ${describeIssue(issue, input)}`)
    .join('; ')
    .slice(0, 1000);
}

/** zod's type names in words, as the SDK's errors say them. */
const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** English for the common issues; zod/mini ships no messages, and loading its locale costs the widget bytes. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  const got = input === undefined ? '' : `, got ${shown(value)}`;
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined && input !== undefined
        ? `required: ${KINDS[issue.expected] ?? issue.expected}`
        : `expected ${KINDS[issue.expected] ?? issue.expected}${got}`;
    case 'too_big':
      return `too ${issue.origin === 'string' ? 'long' : issue.origin === 'array' ? 'many items' : 'big'} (at most ${issue.maximum})`;
    case 'too_small':
      return `too ${issue.origin === 'string' ? 'short' : issue.origin === 'array' ? 'few items' : 'small'} (at least ${issue.minimum})`;
    case 'invalid_value':
      return `${oneOf(issue.values)}${got}`;
    case 'invalid_union': {
      // A discriminated union's unknown `type`/`kind`/`role` lists the ones it knows.
      const options = (issue as { options?: unknown[] }).options;
      return options?.length ? `${oneOf(options)}${got}` : 'matches none of the allowed shapes';
    }
    case 'not_multiple_of':
      return 'must be a whole number';
    case 'invalid_format':
      // A schema that says what the value must be gives its own words; zod/mini's default is this.
      return issue.message === 'Invalid input' ? 'invalid value' : issue.message;
    default:
      return 'invalid value';
  }
}

/** `expected one of "a"|"b"`, cut short: an error frame's message holds 1000 characters. */
function oneOf(values: readonly unknown[]): string {
  return `expected one of ${values.map((v) => JSON.stringify(v)).join('|')}`.slice(0, 300);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A received value, short: a long string by its length, an object or list by its kind. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value !== 'string') return String(value);
  return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
}
