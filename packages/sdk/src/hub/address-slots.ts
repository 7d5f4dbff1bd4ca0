/** Open connections per client address, at most `max` each. */
export interface AddressSlots {
  /** Takes a slot for `address`; false (and nothing taken) when it already holds `max`. */
  take(address: string): boolean;
  /** Gives back a slot `take` gave. */
  release(address: string): void;
  /** Slots `address` holds now. */
  held(address: string): number;
}

/**
 * The one count behind `limits.maxConnectionsPerIp`: a socket takes its slot as soon as its
 * address is known (its TCP connection, or its upgrade request behind a proxy) and gives it back
 * when it closes.
 * @example
 * const slots = createAddressSlots(50);
 * if (!slots.take(ip)) socket.destroy();
 * else socket.once('close', () => slots.release(ip));
 */
export function createAddressSlots(max: number): AddressSlots {
  const counts = new Map<string, number>();
  return {
    take(address) {
      const count = counts.get(address) ?? 0;
      if (count >= max) return false;
      counts.set(address, count + 1);
      return true;
    },
    release(address) {
      const left = (counts.get(address) ?? 1) - 1;
      // Addresses that hold nothing are forgotten, so the map is as large as the open sockets.
      if (left <= 0) counts.delete(address);
      else counts.set(address, left);
    },
    held: (address) => counts.get(address) ?? 0,
  };
}
