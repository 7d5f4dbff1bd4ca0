/** What the per-address budget reads of a connection. */
export interface BackloggedConnection {
  readonly ip: string;
  readonly closed: boolean;
  /** Bytes sent and not yet handed to the kernel. */
  readonly buffered: number;
}

/** The open connections of each client address, for `limits.maxBufferedBytesPerAddress`. */
export interface AddressBacklog {
  add(conn: BackloggedConnection): void;
  remove(conn: BackloggedConnection): void;
  /** Unsent bytes the open connections of `address` hold together. */
  bytes(address: string): number;
}

/**
 * Groups connections by address so a send can see what the whole address holds unsent: one
 * address's sockets that read nothing each held up to `maxBufferedBytes` and a frame.
 * @example
 * const backlog = createAddressBacklog();
 * backlog.add(conn);
 * if (backlog.bytes(conn.ip) > limits.maxBufferedBytesPerAddress) conn.close('slow_consumer', '…');
 */
export function createAddressBacklog(): AddressBacklog {
  const byAddress = new Map<string, Set<BackloggedConnection>>();
  return {
    add(conn) {
      const set = byAddress.get(conn.ip);
      if (set) set.add(conn);
      else byAddress.set(conn.ip, new Set([conn]));
    },
    remove(conn) {
      const set = byAddress.get(conn.ip);
      if (!set) return;
      set.delete(conn);
      // Addresses with no connection are forgotten, so the map is as large as the open sockets.
      if (set.size === 0) byAddress.delete(conn.ip);
    },
    bytes(address) {
      let total = 0;
      // A closed connection is cut within a second, and its bytes with it.
      for (const conn of byAddress.get(address) ?? []) if (!conn.closed) total += conn.buffered;
      return total;
    },
  };
}
