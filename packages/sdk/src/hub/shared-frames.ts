import { encodeFrame } from '@kefu/protocol';

// Keyed weakly by the event: an encoded frame lives exactly as long as the bus event it was made
// from, and no longer. A strong slot kept the last message's text (a phone number, say) in memory
// after the shopper was erased.
const encoded = new WeakMap<object, Map<string, string>>();

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
  const variants = encoded.get(source) ?? new Map<string, string>();
  const known = variants.get(variant);
  if (known !== undefined) return known;
  const text = encodeFrame(build(source));
  variants.set(variant, text);
  encoded.set(source, variants);
  return text;
}
