import { type Bus, type BusEvent, channels } from '../bus/bus.ts';

/**
 * The cluster's bus as a node sees it whose agent-presence events are late: held from `hold()`
 * (or from the start, with `held`) until `release()`, then delivered in order. Everything else
 * passes at once.
 * @example
 * const late = latePresence(bus, { held: false });
 * late.hold(); // node A's word that an agent went offline has not reached this node yet
 * late.release();
 */
export function latePresence(bus: Bus, options: { held?: boolean } = {}) {
  let held: (() => void)[] | undefined = options.held === false ? undefined : [];
  const late: Bus = {
    publish: (channel, event) => bus.publish(channel, event),
    subscribe: (channel, handler) =>
      bus.subscribe(channel, (event: BusEvent) => {
        if (channel === channels.presence && held) held.push(() => handler(event));
        else handler(event);
      }),
    close: () => bus.close(),
  };
  const hold = () => {
    held ??= [];
  };
  const release = () => {
    const waiting = held ?? [];
    held = undefined;
    for (const deliver of waiting) deliver();
  };
  return { bus: late, hold, release };
}
