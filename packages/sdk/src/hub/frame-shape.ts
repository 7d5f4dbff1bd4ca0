import { PROTOCOL_VERSION } from '@kefu/protocol';
import { jsonShapeProblem, MAX_JSON_DEPTH } from '../json-shape.ts';

/**
 * What a client frame may hold, measured before it is parsed: values (each comma adds one to its
 * array or object), keys of one object, and depth. The protocol's widest object has under 20 keys
 * and its deepest frame (an order card's parcel lines) nests 7; a shopper's largest frame (a hello
 * with a page and its product) has about 40 values, an agent's (an order card of ten parcels of
 * fifty lines and fifty scans, at every maximum) about 4,500.
 */
export const FRAME_SHAPE = {
  maxKeys: 64,
  maxDepth: MAX_JSON_DEPTH,
  shopperValues: 1024,
  agentValues: 8192,
} as const;

/**
 * Why `text`, a frame, holds more than `maxValues` values, an object of more than
 * `FRAME_SHAPE.maxKeys` keys or nests deeper than `FRAME_SHAPE.maxDepth`; undefined when it does
 * not. A frame costs the hub by its shape, not its size (see jsonShapeProblem), and one address's
 * sockets sending dense frames at their frame budget held other shoppers' answers for seconds.
 * @example
 * frameShapeProblem('{"v":1,"type":"ping","t":[1,2,3]}', 1024); // undefined
 */
export function frameShapeProblem(text: string, maxValues: number): string | undefined {
  const { maxDepth, maxKeys } = FRAME_SHAPE;
  switch (jsonShapeProblem(text, { maxDepth, maxKeys, maxValues })) {
    case 'depth':
      return `the frame nests arrays and objects more than ${maxDepth} deep`;
    case 'keys':
      return `an object of the frame has more than ${maxKeys} keys`;
    case 'values':
      return `the frame holds more than ${maxValues} values`;
    default:
      return undefined;
  }
}

/** What a frame refused unparsed says at its top level: whether its `v` is this version, and its request. */
export interface FrameTop {
  thisVersion: boolean;
  re?: string;
  clientMsgId?: string;
}

/**
 * The top level of a frame refused unparsed: whether its `v` is the number 1, and its `id` and
 * `clientMsgId`, wherever in the frame they are. The decoder answers a frame of another version
 * `unsupported_version` before looking at anything else, and a refusal made before decoding keeps
 * that order (a client of a newer version is told so) and names the request as the decoder would.
 * One pass; only the top level is read.
 * @example
 * frameTop('{"v":1,"id":"r1","t":[[[]]]}'); // { thisVersion: true, re: 'r1' }
 */
export function frameTop(text: string): FrameTop {
  const top: FrameTop = { thisVersion: false };
  let depth = 0;
  let inString = false;
  let stringStart = -1;
  let valueStart = -1;
  let key = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        // A top-level key: a string at depth 1 before its colon.
        if (depth === 1 && valueStart < 0) key = text.slice(stringStart, i);
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      stringStart = i + 1;
    } else if (c === 0x3a && depth === 1) valueStart = i + 1;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x2c && depth === 1) || ((c === 0x7d || c === 0x5d) && --depth === 0)) {
      if (valueStart >= 0) readTopValue(top, key, text.slice(valueStart, i).trim());
      valueStart = -1;
      key = '';
    }
  }
  return top;
}

const JSON_NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function readTopValue(top: FrameTop, key: string, value: string): void {
  // As the decoder reads it: a JSON number equal to 1 (`1.0` is 1).
  if (key === 'v') top.thisVersion = JSON_NUMBER.test(value) && Number(value) === PROTOCOL_VERSION;
  const text = /^"([^"\\]{1,64})"$/.exec(value)?.[1];
  if (text === undefined) return;
  if (key === 'id') top.re = text;
  else if (key === 'clientMsgId') top.clientMsgId = text;
}

/**
 * The request id and clientMsgId of a frame refused unparsed, read from its head, so a client
 * waiting on that request (a history page, an agent's action, a message in its outbox) learns it
 * was refused instead of waiting for an answer that never comes. Clients write `id` before any
 * nested object, as encodeFrame does.
 */
export function requestOf(text: string): { re?: string; clientMsgId?: string } {
  const head = text.slice(0, 4096);
  const re = /^\{[^{]*?"id"\s*:\s*"([^"\\]{1,64})"/.exec(head)?.[1];
  const clientMsgId = /"clientMsgId"\s*:\s*"([^"]{1,64})"/.exec(head)?.[1];
  return { ...(re ? { re } : {}), ...(clientMsgId ? { clientMsgId } : {}) };
}
