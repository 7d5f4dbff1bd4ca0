import { Redis } from 'ioredis';
import type { Bus, BusEvent } from './bus.ts';

export type RedisBusOptions = {
  /**
   * Put before every channel name, so several Kefu deployments (or tests) share one Redis
   * without hearing each other. Default `kefu:`.
   */
  prefix?: string;
  /** A handler threw, or a message on one of our channels was not JSON. Delivery goes on. */
  onHandlerError?: (error: unknown) => void;
  /**
   * A connection failed. ioredis reconnects (and re-subscribes) by itself; without a listener
   * it would print every attempt to the console.
   */
  onConnectionError?: (error: Error) => void;
  /** Shown by `CLIENT LIST` for this bus's connections (`<name>:pub`, `<name>:sub`); no spaces. */
  name?: string;
} & (
  | { /** e.g. `redis://redis.internal:6379` */ url: string }
  | {
      /** A connection you own, used to publish; `close()` leaves it open. */
      client: Redis;
    }
);

type Handler = (event: BusEvent) => void;

/**
 * The bus for several hub nodes: Redis pub/sub, one connection to publish and one to subscribe
 * (a subscribing connection can do nothing else). Events are JSON; each channel keeps the order
 * in which one node published. Pub/sub is fire-and-forget: an event published while a node is
 * disconnected is lost to it, which is fine because the store stays the truth and clients resume
 * from their last seq.
 * @example
 * const bus = createRedisBus({ url: 'redis://127.0.0.1:6379', prefix: 'shop1:' });
 * const hub = createHub({ sites, store, bus });
 */
export function createRedisBus(options: RedisBusOptions): Bus {
  const prefix = options.prefix ?? 'kefu:';
  const onHandlerError = options.onHandlerError ?? (() => {});
  const onConnectionError = options.onConnectionError ?? (() => {});
  const owned = !('client' in options);
  const named = (role: string) => (options.name ? { connectionName: `${options.name}:${role}` } : {});
  const publisher = 'client' in options ? options.client : new Redis(options.url, named('pub'));
  const subscriber = publisher.duplicate(named('sub'));
  // The last connection error, for a ping while disconnected to say why.
  let lastError: Error | undefined;
  const onError = (error: Error) => {
    lastError = error;
    onConnectionError(error);
  };
  if (owned) publisher.on('error', onError);
  subscriber.on('error', onError);

  // Once a connection was lost, the reconnect listeners are called when both are ready again
  // (once for an outage that took both): the other nodes' events of the gap (subscriber) or this
  // node's own (publisher, whose queued commands ioredis rejects after its retries) may be gone.
  const reconnectListeners = new Set<() => void>();
  const lost = new Set<Redis>();
  for (const connection of [publisher, subscriber]) {
    connection.on('close', () => lost.add(connection));
    connection.on('ready', () => {
      if (!lost.delete(connection) || lost.size > 0) return;
      for (const listener of [...reconnectListeners]) listener();
    });
  }
  // Settles when the publishing connection drops, so a publish in flight stops waiting for it.
  let dropped = new Promise<void>((resolve) => publisher.once('close', resolve));
  publisher.on('ready', () => {
    dropped = new Promise<void>((resolve) => publisher.once('close', resolve));
  });

  const handlers = new Map<string, Set<Handler>>();
  // The SUBSCRIBE in flight for each channel, so a second subscriber also waits for it.
  const subscribed = new Map<string, Promise<unknown>>();

  subscriber.on('message', (redisChannel: string, payload: string) => {
    if (!redisChannel.startsWith(prefix)) return;
    const set = handlers.get(redisChannel.slice(prefix.length));
    if (!set) return;
    let event: BusEvent;
    try {
      event = JSON.parse(payload) as BusEvent;
    } catch (error) {
      onHandlerError(error);
      return;
    }
    for (const handler of [...set]) {
      try {
        handler(event);
      } catch (error) {
        onHandlerError(error);
      }
    }
  });

  return {
    async publish(channel, event) {
      const sent = publisher.publish(prefix + channel, JSON.stringify(event));
      if (publisher.status === 'ready') {
        // Answered in a round trip, unless the connection drops meanwhile.
        const waiting = dropped;
        const outcome = await Promise.race([
          sent.then(() => 'sent' as const),
          waiting.then(() => 'dropped' as const),
        ]);
        if (outcome === 'sent') return;
      }
      // Offline: ioredis sends the command, in order, once it has reconnected. The hub's message
      // path waits on publish under the conversation's lock, so waiting for Redis here stalled
      // every conversation for the whole outage; the message is stored, and what the other nodes
      // miss they read from the store when their clients resume (see onReconnect).
      sent.catch(onConnectionError);
    },

    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => {
        reconnectListeners.delete(listener);
      };
    },

    async subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        const fresh = new Set<Handler>();
        set = fresh;
        handlers.set(channel, fresh);
        const subscribing = subscriber.subscribe(prefix + channel).catch((error: unknown) => {
          if (handlers.get(channel) === fresh) {
            handlers.delete(channel);
            subscribed.delete(channel);
          }
          throw error;
        });
        subscribed.set(channel, subscribing);
      }
      set.add(handler);
      // Resolves once Redis confirmed: events published after this are delivered.
      await subscribed.get(channel);
      const mine = set;
      return async () => {
        if (!mine.delete(handler) || mine.size > 0 || handlers.get(channel) !== mine) return;
        handlers.delete(channel);
        subscribed.delete(channel);
        // Commands on one connection run in order, so a later SUBSCRIBE to this channel wins.
        await subscriber.unsubscribe(prefix + channel);
      };
    },

    async ping() {
      // Offline, ioredis would queue the PING until Redis is back: /readyz would only say it timed
      // out. Saying the connection's state and its last error tells the operator what is wrong.
      for (const [role, connection] of [
        ['publishing', publisher],
        ['subscribing', subscriber],
      ] as const)
        if (connection.status !== 'ready')
          throw new Error(
            `the ${role} connection to Redis is ${connection.status}${lastError ? ` (${lastError.message})` : ''}`,
          );
      // Both connections: a dead subscriber would lose every other node's events silently.
      await Promise.all([publisher.ping(), subscriber.ping()]);
    },

    async close() {
      handlers.clear();
      subscribed.clear();
      await subscriber.quit();
      if (owned) await publisher.quit();
    },
  };
}
