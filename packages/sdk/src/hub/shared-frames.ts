import { encodeFrameText } from './frame-text.ts';

// The encoded frame rides on the event itself, under a hidden property (one symbol per variant):
// it lives exactly as long as the bus event it was made from, and no longer (a strong slot kept
// the last message's text, a phone number say, in memory after the shopper was erased). Not a
// WeakMap: every entry of one is an ephemeron the garbage collector must trace in every young
// collection, and the hub makes one or two per message (10× the GC time of a plain property in
// a micro-benchmark, the pauses the latency tail is made of). Non-enumerable, so JSON, spreads
// and equality checks never see it, and a copy of an event (`{ ...event, message }`) never
// inherits a frame encoded from the original.
const slots = new Map<string, symbol>();

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
  let slot = slots.get(variant);
  if (!slot) {
    slot = Symbol(variant);
    slots.set(variant, slot);
  }
  const known = (source as Record<symbol, string | undefined>)[slot];
  if (known !== undefined) return known;
  const text = encodeFrameText(build(source));
  // A frozen event (none is today) is encoded for each connection rather than failing it.
  if (Object.isExtensible(source)) Object.defineProperty(source, slot, { value: text });
  return text;
}
