import { encodeFrame } from '@kefu/protocol';

// One weak table per variant, each keyed by the event: an encoded frame lives exactly as long as
// the bus event it was made from, and no longer (a strong slot kept the last message's text, a
// phone number say, in memory after the shopper was erased). Variants are a handful of fixed
// names, so the tables are few; an event costs one entry, not a map of its own.
const encoded = new Map<string, WeakMap<object, string>>();

/**
 * The frame `build` makes from `source` (a bus event), encoded once for every connection that
 * gets it: a message delivered to the shopper and the agents watching, an inbox line sent to every
 * agent who sees it. `variant` tells apart the different frames one event makes (the shopper's
 * projection of a state and the agents'). The source must not change once published, as bus
 * events never do.
 * @example
 * conn.send(encodeShared(event, 'message', (e) => ({ v: PROTOCOL_VERSION, type: 'message', message: e.message })));
 */
export function encodeShared<S extends object>(
  source: S,
  variant: string,
  build: (source: S) => object,
): string {
  let table = encoded.get(variant);
  if (!table) {
    table = new WeakMap();
    encoded.set(variant, table);
  }
  const known = table.get(source);
  if (known !== undefined) return known;
  const text = encodeFrame(build(source));
  table.set(source, text);
  return text;
}
