import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger.ts';
import type { AddressSlots } from './address-slots.ts';
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
  /** Stops every deadline (the hub is closing). */
  dispose(): void;
}

interface Watched {
  timer: ReturnType<typeof setTimeout> | undefined;
  counted: boolean;
}

/**
 * Guards the HTTP stage of a connection, before the WebSocket edge sees it: a half-sent upgrade
 * request would otherwise hold a socket (and escape the per-address count) until Node's own
 * request timeout, minutes later.
 *
 * Direct connections take their address's slot when they connect, and one over the limit is
 * destroyed at once: nothing typed can be said before the request, and holding it until then is
 * what the attacker wants. Behind `trustProxy` proxies the TCP peer is a proxy, so nothing is
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
  o: { limits: Pick<HubLimits, 'upgradeTimeoutMs'>; trustProxy: number; logger: Logger },
  slots: AddressSlots,
): UpgradeGuard {
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
    if (address !== undefined && !slots.take(address)) {
      o.logger.log('debug', 'connection.too_many_sockets', {});
      socket.destroy();
      return;
    }
    const entry: Watched = {
      counted: address !== undefined,
      timer: setTimeout(() => {
        entry.timer = undefined;
        o.logger.log('debug', 'connection.upgrade_timeout', {});
        socket.destroy();
      }, o.limits.upgradeTimeoutMs),
    };
    watched.set(key, entry);
    socket.once('close', () => {
      if (entry.timer) clearTimeout(entry.timer);
      if (watched.get(key) === entry) watched.delete(key);
      if (address !== undefined) slots.release(address);
    });
  }

  function arrived(socket: Duplex): boolean {
    const key = socketKey(socket as Socket);
    const entry = key === undefined ? undefined : watched.get(key);
    if (!entry) return false;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    return entry.counted;
  }

  const onRequest = (request: IncomingMessage) => {
    arrived(request.socket);
  };

  return {
    watch(server) {
      server.on('connection', onConnection);
      server.on('request', onRequest);
      return () => {
        server.off('connection', onConnection);
        server.off('request', onRequest);
      };
    },
    arrived,
    dispose() {
      for (const entry of watched.values()) if (entry.timer) clearTimeout(entry.timer);
      watched.clear();
    },
  };
}

function socketKey(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }) {
  return socket.remoteAddress === undefined ? undefined : `${socket.remoteAddress}|${socket.remotePort}`;
}
