/**
 * How many JSON values (objects, arrays and the scalars in them) a client frame may hold, and how
 * many keys one of its objects: measured before the frame is parsed. The protocol's widest object
 * has under 20 keys; a shopper's largest frame (a hello with a page and its product) about 40
 * values, an agent's (an order card with ten parcels of fifty lines and fifty scans) about 4,500.
 */
export const FRAME_SHAPE = { maxKeys: 64, shopperValues: 1024, agentValues: 8192 } as const;

/**
 * Why `text`, a frame, holds more than `maxValues` values or an object of more than
 * `FRAME_SHAPE.maxKeys` keys; undefined when it does not. One pass over the characters, strings
 * skipped, nothing allocated. A frame costs the hub by its shape, not its size: parsing and
 * refusing 64 KB of one object's 8,000 keys took ~30 ms, of 32,000 numbers ~11 ms, where 64 KB of
 * text takes under 1 ms, and one address's 40 sockets sending them at their frame budget held
 * other shoppers' answers for seconds.
 * @example
 * frameShapeProblem('{"v":1,"type":"ping","t":[1,2,3]}', 1024); // undefined
 */
export function frameShapeProblem(text: string, maxValues: number): string | undefined {
  // Per open container: the keys of an object so far, or -1 for an array.
  const open: number[] = [];
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character, a quote included.
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b) open.push(1);
    else if (c === 0x5b) open.push(-1);
    else if (c === 0x5d || c === 0x7d) open.pop();
    else if (c === 0x2c) {
      // Each comma adds a value to its array or object. (Depth is the decoder's: a `v` nested
      // thousands deep is answered `unsupported_version`, as a client of another version expects.)
      if (++values > maxValues) return `the frame holds more than ${maxValues} values`;
      const top = open.length - 1;
      if (top >= 0 && open[top]! >= 0 && ++open[top]! > FRAME_SHAPE.maxKeys)
        return `an object of the frame has more than ${FRAME_SHAPE.maxKeys} keys`;
    }
  }
  return undefined;
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
