import { encodeFrame } from '@kefu/protocol';

/**
 * A frame as JSON text: exactly `encodeFrame(frame)`, but written byte by byte into a scratch
 * buffer and read out as one flat string. The hub sends three frames for every shopper message
 * (the ack, the message, the bot's answer), and JSON.stringify built each one as a string of
 * growing parts (32, 64, 128, 256 characters) joined by cons strings, which `ws` flattened again
 * to measure it: 930 B of heap for a 254-byte message frame, 520 B for an ack. Written here, a frame
 * costs its string and the few strings of its numbers. Anything this writer does not know (a
 * `toJSON`, a class instance, a bigint, a cycle, a frame past its scratch space) is encoded by
 * JSON.stringify instead, so the text is always JSON.stringify's.
 * @example
 * socket.send(encodeFrameText({ v: 1, type: 'pong' })); // '{"v":1,"type":"pong"}'
 */
export function encodeFrameText(frame: object): string {
  at = 0;
  wide = false;
  try {
    value(frame, 0);
  } catch (error) {
    if (error !== UNWRITABLE) throw error;
    return encodeFrame(frame);
  }
  // ASCII is read out as one byte a character; only text with other characters is decoded.
  return scratch.toString(wide ? 'utf8' : 'latin1', 0, at);
}

/** Where frames are written before they are read out as a string. */
const scratch = Buffer.allocUnsafe(64 * 1024);
let at = 0;
/** Whether the frame has a character outside ASCII (written as UTF-8). */
let wide = false;

/** Thrown inside the writer for what only JSON.stringify should encode. */
const UNWRITABLE = Symbol('unwritable');
/** Deeper than any frame: a cycle, which JSON.stringify reports as such. */
const MAX_DEPTH = 64;

function room(bytes: number): void {
  if (at + bytes > scratch.length) throw UNWRITABLE;
}

// Characters copied one by one in JavaScript: frames are mostly short ASCII strings (keys, ids,
// numbers), for which a native write's own overhead costs more than the copy.
function ascii(text: string): void {
  room(text.length);
  for (let i = 0; i < text.length; i++) scratch[at++] = text.charCodeAt(i);
}

function string(text: string): void {
  room(text.length + 2);
  const start = at;
  scratch[at++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Anything JSON escapes, or UTF-8 encodes in more than a byte: JSON.stringify's own string.
    if (c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH) {
      at = start;
      escaped(text);
      return;
    }
    scratch[at++] = c;
  }
  scratch[at++] = QUOTE;
}

function escaped(text: string): void {
  const json = JSON.stringify(text);
  room(json.length * 3);
  const written = scratch.write(json, at, 'utf8');
  if (written !== json.length) wide = true;
  at += written;
}

/** Writes `v` as JSON.stringify would; false for what it leaves out (undefined, a function, a symbol). */
function value(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
      string(v);
      return true;
    case 'number':
      ascii(Number.isFinite(v) ? String(v) : 'null');
      return true;
    case 'boolean':
      ascii(v ? 'true' : 'false');
      return true;
    case 'object':
      if (v === null) ascii('null');
      else if (depth >= MAX_DEPTH) throw UNWRITABLE;
      else if (Array.isArray(v)) array(v, depth + 1);
      else object(v, depth + 1);
      return true;
    case 'bigint':
      throw UNWRITABLE;
    default:
      return false;
  }
}

function array(list: readonly unknown[], depth: number): void {
  if (Object.getPrototypeOf(list) !== Array.prototype) throw UNWRITABLE;
  room(1);
  scratch[at++] = OPEN_BRACKET;
  for (let i = 0; i < list.length; i++) {
    room(1);
    if (i > 0) scratch[at++] = COMMA;
    if (!value(list[i], depth)) ascii('null');
  }
  room(1);
  scratch[at++] = CLOSE_BRACKET;
}

function object(record: object, depth: number): void {
  const prototype = Object.getPrototypeOf(record);
  // A class instance (a Date, a boxed string) or a toJSON: what only JSON.stringify knows.
  if ((prototype !== Object.prototype && prototype !== null) || 'toJSON' in record) throw UNWRITABLE;
  room(1);
  scratch[at++] = OPEN_BRACE;
  let first = true;
  // for…in over a plain object is its own enumerable keys, in JSON.stringify's order.
  for (const key in record) {
    const field = (record as Record<string, unknown>)[key];
    if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
    room(1);
    if (!first) scratch[at++] = COMMA;
    first = false;
    string(key);
    room(1);
    scratch[at++] = COLON;
    value(field, depth);
  }
  room(1);
  scratch[at++] = CLOSE_BRACE;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
