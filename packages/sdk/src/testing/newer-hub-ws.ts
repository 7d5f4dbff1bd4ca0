import WebSocket from 'ws';
import type { WebSocketConstructor } from '../transport/socket.ts';
import { ORIGIN } from './hub-fixture.ts';

type Handler = ((event: { data: unknown }) => void) | null;

/**
 * A `ws` WebSocket through which the hub speaks like a newer one: every `error` frame with code
 * `internal` arrives with `code` instead (a code this build does not know), and `retryable` as
 * given. What a client deployed today meets when a later hub adds a code, e.g. `store_unavailable`
 * for its database away.
 * @example
 * const s = shopper(url, { WebSocket: newerHubWs('store_unavailable', true) });
 */
export function newerHubWs(
  code: string,
  retryable: boolean,
  origin: string | null = ORIGIN,
): WebSocketConstructor {
  const recode = (data: unknown): unknown => {
    const text = String(data);
    const frame = JSON.parse(text) as Record<string, unknown>;
    return frame.type === 'error' && frame.code === 'internal'
      ? JSON.stringify({ ...frame, code, retryable })
      : text;
  };
  // ws keeps `onmessage` as an accessor on its prototype: this socket's own one wraps the handler.
  const inherited = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
  return class extends WebSocket {
    constructor(url: string) {
      super(url, origin === null ? {} : { origin });
      Object.defineProperty(this, 'onmessage', {
        get: () => inherited.get!.call(this),
        set: (handler: Handler) =>
          inherited.set!.call(
            this,
            handler && ((event: { data: unknown }) => handler({ data: recode(event.data) })),
          ),
      });
    }
  };
}
