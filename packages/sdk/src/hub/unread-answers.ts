import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Answers one connection may have under way at once. Browsers and HTTP libraries send a request
 * only once the previous answer has arrived; a client that pipelines is counted, and past this it
 * is cut. Node answers every request it has parsed, and one 64 KB packet holds 1,500 requests:
 * before 2026-12-05 one connection that sent 3,000 `GET /openapi.json` and read nothing made the
 * hub hold 670 MB of answers.
 */
export const MAX_ANSWERS_UNDER_WAY = 8;

/**
 * Bounds what a client that does not read its answers can make the hub's own server hold: at most
 * `maxUnderWay` answers per connection (the connection is destroyed on the next request), and none
 * for longer than `unreadMs` without the client reading any of it. Call it first for every request;
 * it answers false when the request's connection has been cut.
 * @example
 * const guard = createUnreadAnswersGuard({ unreadMs: 120_000 });
 * createServer((req, res) => { if (!guard(req, res)) return; … });
 */
export function createUnreadAnswersGuard(o: {
  unreadMs: number;
  maxUnderWay?: number;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const maxUnderWay = o.maxUnderWay ?? MAX_ANSWERS_UNDER_WAY;
  const underWay = new WeakMap<Socket, number>();
  return (req, res) => {
    const { socket } = req;
    const count = (underWay.get(socket) ?? 0) + 1;
    if (count > maxUnderWay) {
      socket.destroy();
      return false;
    }
    underWay.set(socket, count);
    res.once('close', () => underWay.set(socket, (underWay.get(socket) ?? 1) - 1));
    cutWhenUnread(res, o.unreadMs);
    return true;
  };
}

/**
 * Cuts the connection once the answer has begun and the client has read nothing of it for `ms`.
 * Node times the socket on progress (a write the peer takes, or bytes it sends), so a slow link that
 * keeps reading is not cut; before the answer begins (a body still arriving, a handler at work) the
 * request's own timeouts apply. Per response, not `server.timeout`: that would also cut a handler
 * busy for longer (a photo's decoding). Upgrades leave the server before any response, so
 * WebSockets are untouched. Before 2026-12-05 nothing timed an answer: a client that never read
 * kept its connection and the answers waiting on it for ever.
 */
function cutWhenUnread(res: ServerResponse, ms: number): void {
  res.setTimeout(ms, () => {
    if (res.headersSent) res.destroy();
  });
}
