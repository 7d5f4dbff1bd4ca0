import {
  AUTHOR_KINDS,
  CONVERSATION_STATUSES,
  type DecodeResult,
  type ErrorCode,
  type HubToShopper,
  IMAGE_URL_PATTERN,
  MAX_FRAME_BYTES,
  MAX_HISTORY_PAGE,
  MAX_ID_CHARS,
  MAX_PAYLOAD_CHARS,
  MAX_QUICK_REPLIES,
  MAX_QUICK_REPLY_LABEL_CHARS,
  MAX_TOKEN_CHARS,
  MAX_URL_CHARS,
  ORDER_STATUSES,
  PROTOCOL_VERSION,
  readErrorCode,
  STORED_TEXT_PATTERN,
  TICKET_STATUSES,
} from '@kefu/protocol';
import type { HubFrameDecoder } from './shopper-client-types.ts';

type Json = { [key: string]: unknown };
type Check = (value: unknown) => boolean;

/**
 * The longest hub frame read, in UTF-16 units: a message fits in `maxFrameBytes` (its parts are
 * bounded by LIMITS) and a history page holds at most `maxHistoryPage` of them. A UTF-16 unit is
 * at least one byte of UTF-8, so the string's length is a safe first bound.
 */
export const MAX_HUB_FRAME_CHARS = MAX_HISTORY_PAGE * MAX_FRAME_BYTES;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isInt =
  (min: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min;
const isAmount: Check = (v) => typeof v === 'number' && v >= 0;
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const optionalString = optional(isString);
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    values.includes(v as string);
const listOf =
  (check: Check, max: number, min = 0): Check =>
  (v) =>
    Array.isArray(v) && v.length >= min && v.length <= max && v.every(check);
/** Text the client sends back as it came (a quick reply, a session): the hub would refuse it past its limits. */
const echoed =
  (max: number): Check =>
  (v) =>
    isString(v) && v !== '' && [...v].length <= max && STORED_TEXT_PATTERN.test(v);
/** An object whose listed fields pass their checks; other fields are left as they are and never read. */
const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    isObject(v) && Object.entries(fields).every(([key, check]) => check(v[key]));
const imageUrl: Check = (v) => isString(v) && v.length <= MAX_URL_CHARS && IMAGE_URL_PATTERN.test(v);
/** Only own keys: `toString` or `__proto__` as a type or kind must not find Object.prototype's. */
const lookup = (table: Record<string, Check>, key: unknown): Check | undefined =>
  isString(key) && Object.hasOwn(table, key) ? table[key] : undefined;

const state = shape({
  status: oneOf(CONVERSATION_STATUSES),
  queue: optional(shape({ position: isInt(1), etaSeconds: optional(isInt(0)) })),
  agent: optional(shape({ name: isString, avatar: optionalString })),
  ticket: optional(
    shape({
      status: oneOf(TICKET_STATUSES),
      expectedReplyAt: optional(isInt(0)),
      lastUpdate: optionalString,
    }),
  ),
  followUpAt: optional(isInt(0)),
  rating: optional(isInt(1)),
});

const CONTENT: Record<string, Check> = {
  text: shape({ text: isString }),
  quick_replies: shape({
    text: optionalString,
    replies: listOf(
      shape({ label: echoed(MAX_QUICK_REPLY_LABEL_CHARS), payload: echoed(MAX_PAYLOAD_CHARS) }),
      MAX_QUICK_REPLIES,
      1,
    ),
  }),
  product: shape({
    product: shape({
      title: isString,
      price: optional(isAmount),
      currency: optionalString,
      url: optionalString,
      image: optionalString,
    }),
  }),
  order: shape({
    order: shape({
      id: isString,
      status: oneOf(ORDER_STATUSES),
      total: optional(isAmount),
      currency: optionalString,
      items: optional(listOf(shape({ title: isString, quantity: isInt(1) }), Number.POSITIVE_INFINITY)),
      carrier: optionalString,
      trackingNo: optionalString,
    }),
  }),
  // The URLs go into href and src: only hub paths and http(s), as the protocol says. The media
  // type, size and dimensions are not read (the hub serves its stored type, with nosniff).
  image: shape({ url: imageUrl, thumbnailUrl: imageUrl, caption: optionalString }),
  system: shape({ text: optionalString }),
};

/** A kind this client does not know (a newer hub's) becomes its text, or nothing to show. */
const content: Check = (v) => {
  if (!isObject(v)) return false;
  const check = lookup(CONTENT, v.kind);
  if (check) return check(v);
  v.text = isString(v.text) ? v.text : '';
  v.kind = 'text';
  return true;
};

const message = shape({
  seq: isInt(1),
  clientMsgId: optionalString,
  author: shape({ kind: oneOf(AUTHOR_KINDS), name: optionalString }),
  content,
});

const errorFields = shape({ message: isString, retryable: isBoolean, clientMsgId: optionalString });

const FRAMES: Record<string, Check> = {
  welcome: shape({
    conversation: shape({ id: echoed(MAX_ID_CHARS), state }),
    shopper: shape({ id: isString, identified: isBoolean }),
    session: echoed(MAX_TOKEN_CHARS),
    heartbeatMs: isInt(1000),
    agentReadSeq: isInt(0),
    shopperReadSeq: optional(isInt(0)),
    photos: optional(isBoolean),
  }),
  message: shape({ message }),
  ack: shape({ clientMsgId: isString }),
  typing: shape({ author: shape({ name: optionalString }), on: isBoolean }),
  read: shape({ seq: isInt(0) }),
  'history.page': shape({ messages: listOf(message, MAX_HISTORY_PAGE), hasMore: isBoolean }),
  state: shape({ state }),
  // A code this client does not know (a newer hub's) reads as the closest known one, whatever it
  // is: only the code read is branched on, and zod's readers check the shape (snake_case).
  error: (v) => {
    if (!errorFields(v)) return false;
    const frame = v as Json;
    frame.code = readErrorCode(frame.code, frame.retryable);
    return true;
  },
  pong: () => true,
};

const fail = (code: ErrorCode, message: string): DecodeResult<never> => ({ ok: false, code, message });

/**
 * Reads a hub frame without zod, for the widget's bundle. It checks what the shopper client and
 * the widget use: a known `type`, the type of every field they read, the values they branch on,
 * the numbers their logic relies on (seq, heartbeat), the text they send back (quick replies,
 * session) against the hub's limits, and the frame's size. An error code it does not know (a
 * newer hub's) reads as the closest known one (`readErrorCode`). It does not check what they never
 * read (a welcome's `limits`, an ack's `seq`), nor the length or characters of text that is only
 * shown: Preact renders it as text. A content kind it does not know becomes text. Never throws;
 * the hub is the merchant's own and runs the protocol's test vectors, which a test also runs here.
 * @example
 * guardHubFrame('{"v":1,"type":"pong"}'); // { ok: true, frame: { v: 1, type: 'pong' } }
 * guardHubFrame('{"v":1,"type":"pong"'); // { ok: false, code: 'invalid_frame', message: 'frame is not a JSON object' }
 */
export const guardHubFrame: HubFrameDecoder = (raw) => {
  if (raw.length > MAX_HUB_FRAME_CHARS)
    return fail('frame_too_large', `frame is longer than ${MAX_HUB_FRAME_CHARS} characters`);
  let frame: unknown;
  try {
    frame = JSON.parse(raw);
  } catch {}
  // Not JSON, or JSON but no object: one message, which buys the byte budget a tolerant error code.
  if (!isObject(frame)) return fail('invalid_frame', 'frame is not a JSON object');
  // Zod's codes, with one message for both (bytes): a frame without `v` speaks no version this reads.
  if (frame.v !== PROTOCOL_VERSION)
    return fail(
      frame.v === undefined ? 'invalid_frame' : 'unsupported_version',
      'unsupported protocol version',
    );
  // One message for a type this does not know and a known one that fails its check (bytes). Only
  // a known type is quoted: any other may be an object that cannot become a string.
  const check = lookup(FRAMES, frame.type);
  return check?.(frame)
    ? { ok: true, frame: frame as HubToShopper }
    : fail('invalid_frame', `unreadable ${check ? (frame.type as string) : 'unknown'} frame`);
};
