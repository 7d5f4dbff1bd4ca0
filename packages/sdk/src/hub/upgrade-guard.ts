import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger.ts';
import { type AddressSlots, createAddressSlots } from './address-slots.ts';
import { socketAddress } from './client-address.ts';
import type { HubLimits } from './hub-limits.ts';

export interface UpgradeGuard {
  /**
   * Watches a server's TCP connections from the moment they open: each counts against its
   * address (unless the hub is behind proxies) and is destroyed if its first request has not
   * arrived in full within `limits.upgradeTimeoutMs`. Returns a function that stops watching.
   */
  watch(server: Server): () => void;
  /**
   * Marks a socket's request as complete (its deadline no longer applies). True when the socket
   * already holds its address's slot, so the upgrade must not count it again.
   */
  arrived(socket: Duplex): boolean;
  /**
   * True for a socket that connected over its address's limit: its request is answered with a
   * refusal (HTTP 429, or a WebSocket closed with 4429 too_many_connections), and its deadline
   * keeps running, so it is gone within `upgradeTimeoutMs` (2 s at most) whatever it does.
   */
  overLimit(socket: Duplex): boolean;
  /** Stops every deadline (the hub is closing). */
  dispose(): void;
}

interface Watched {
  timer: ReturnType<typeof setTimeout> | undefined;
  counted: boolean;
  /** Over its address's limit: it is only let in to be answered (HTTP 429, or close 4429). */
  over: boolean;
}

/** How long a connection over the limit may take to send the request its refusal answers. */
const REFUSAL_TIMEOUT_MS = 2_000;

/**
 * Guards the HTTP stage of a connection, before the WebSocket edge sees it: a half-sent upgrade
 * request would otherwise hold a socket (and escape the per-address count) until Node's own
 * request timeout, minutes later.
 *
 * Direct connections take their address's slot when they connect. One over the limit is let in
 * only to be refused in words once its request arrives (nothing typed can be said before it):
 * an address may have as many of those waiting as its limit, each for at most 2 s, and one past
 * that is destroyed at once. Behind `trustProxy` proxies the TCP peer is a proxy, so nothing is
 * counted here; the edge counts the forwarded address once the request is complete.
 *
 * The deadline runs on real time, not the hub's clock: it bounds a network handshake, and a
 * test's manual clock (moved by hours) must not cut sockets that are still connecting.
 * @example
 * const guard = createUpgradeGuard({ limits, trustProxy: 0, logger }, slots);
 * const unwatch = guard.watch(server);
 * server.on('upgrade', (req, socket, head) => { const counted = guard.arrived(socket); … });
 */
export function createUpgradeGuard(
  o: {
    limits: Pick<HubLimits, 'upgradeTimeoutMs' | 'maxConnectionsPerIp'>;
    trustProxy: number;
    logger: Logger;
  },
  slots: AddressSlots,
): UpgradeGuard {
  // Connections over the limit waiting for their refusal, as many per address as the limit.
  const refusals = createAddressSlots(o.limits.maxConnectionsPerIp);
  // Keyed by the peer's address and port rather than the socket object: behind TLS the request's
  // socket wraps the TCP socket the server's `connection` event gave.
  const watched = new Map<string, Watched>();

  function onConnection(socket: Socket): void {
    const key = socketKey(socket);
    if (key === undefined) {
      socket.destroy();
      return;
    }
    const address = o.trustProxy === 0 ? socketAddress(socket) : undefined;
    const over = address !== undefined && !slots.take(address);
    if (over && !refusals.take(address)) {
      o.logger.log('debug', 'connection.too_many_sockets', {});
      socket.destroy();
      return;
    }
    const entry: Watched = {
      counted: address !== undefined && !over,
      over,
      timer: setTimeout(
        () => {
          entry.timer = undefined;
          o.logger.log('debug', 'connection.upgrade_timeout', {});
          socket.destroy();
        },
        over ? Math.min(o.limits.upgradeTimeoutMs, REFUSAL_TIMEOUT_MS) : o.limits.upgradeTimeoutMs,
      ),
    };
    watched.set(key, entry);
    socket.once('close', () => {
      if (entry.timer) clearTimeout(entry.timer);
      if (watched.get(key) === entry) watched.delete(key);
      if (address !== undefined) (over ? refusals : slots).release(address);
    });
  }

  function arrived(socket: Duplex): boolean {
    const key = socketKey(socket as Socket);
    const entry = key === undefined ? undefined : watched.get(key);
    // A refused connection keeps its deadline: it is answered, then gone.
    if (!entry || entry.over) return false;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    return entry.counted;
  }

  const overLimit = (socket: Duplex) => {
    const key = socketKey(socket as Socket);
    return key !== undefined && watched.get(key)?.over === true;
  };

  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    arrived(request.socket);
    // On a server of your own, your handler answers; the connection ends after that answer.
    if (overLimit(request.socket) && !response.headersSent) response.shouldKeepAlive = false;
  };

  return {
    watch(server) {
      server.on('connection', onConnection);
      server.prependListener('request', onRequest);
      return () => {
        server.off('connection', onConnection);
        server.off('request', onRequest);
      };
    },
    arrived,
    overLimit,
    dispose() {
      for (const entry of watched.values()) if (entry.timer) clearTimeout(entry.timer);
      watched.clear();
    },
  };
}

function socketKey(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }) {
  return socket.remoteAddress === undefined ? undefined : `${socket.remoteAddress}|${socket.remotePort}`;
}
