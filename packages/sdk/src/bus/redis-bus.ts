import { Redis } from 'ioredis';
import { createJsonLogger, type Logger } from '../logger.ts';
import type { Bus, BusEvent } from './bus.ts';
import { BusConnectionError, withoutPassword } from './bus-connection-error.ts';
import { passwordUnneeded } from './unneeded-password.ts';

export type RedisBusOptions = {
  /**
   * Put before every channel name, so several Kefu deployments (or tests) share one Redis
   * without hearing each other. Default `kefu:`. A database other than 0 (`redis://h/2`) adds
   * `db<n>:` after it, since Redis does not separate pub/sub channels by database.
   */
  prefix?: string;
  /** A handler threw, or a message on one of our channels was not JSON. Delivery goes on. */
  onHandlerError?: (error: unknown) => void;
  /**
   * A connection failed after the bus had started. ioredis reconnects (and re-subscribes) by
   * itself. Default: a `bus.connection_error` warning through `logger`, once per cause and outage
   * (not once per reconnect attempt).
   */
  onConnectionError?: (error: Error) => void;
  /** Where `bus.connection_error` warnings go when `onConnectionError` is not set. Default: JSON lines on stderr. */
  logger?: Logger;
  /** Shown by `CLIENT LIST` for this bus's connections (`<name>:pub`, `<name>:sub`); no spaces. */
  name?: string;
  /**
   * How long a connection may leave a command unanswered before it is taken as dead, dropped and
   * reconnected (default 5000); each connection is also pinged this often. A Redis behind a dead
   * network path, or hung, keeps its connections open and answers nothing: without this a publish
   * waited for TCP to give up (a quarter of an hour) and held its conversation all along.
   */
  timeoutMs?: number;
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
 *
 * The bus connects at once. A first connection that fails (refused, unknown host, or no answer
 * within ioredis's `connectTimeout`, 10 s) ends the bus: `ready()` and every call reject with a
 * {@link BusConnectionError} naming the server, and `hub.listen()` with it. Without this, ioredis
 * would retry silently for ever and the hub never start. Once started, a lost connection is
 * retried by ioredis and each failure reported (`onConnectionError`).
 * @example
 * const bus = createRedisBus({ url: 'redis://127.0.0.1:6379', prefix: 'shop1:' });
 * const hub = createHub({ sites, store, bus });
 * await hub.listen(); // rejects with code 'internal' when Redis is not there
 */
export function createRedisBus(options: RedisBusOptions): Bus & { ready(): Promise<void> } {
  const onHandlerError = options.onHandlerError ?? (() => {});
  const logger = options.logger ?? (options.onConnectionError ? undefined : createJsonLogger());
  const owned = !('client' in options);
  // `url: process.env.REDIS_URL!` with the variable unset failed inside ioredis ("reading 'replace'").
  if (!('client' in options) && typeof options.url !== 'string')
    throw new TypeError(
      `createRedisBus: url must be a Redis URL such as redis://127.0.0.1:6379 (got ${typeof options.url}: is REDIS_URL set?)`,
    );
  // ioredis reads any other URL (http://, postgres://) as a socket path and fails with ENOENT.
  if (!('client' in options) && !/^rediss?:\/\//i.test(options.url))
    throw new TypeError(
      `createRedisBus: url must start with redis:// or rediss:// (got ${withoutPassword(options.url)})`,
    );
  const timeoutMs = options.timeoutMs ?? 5000;
  const named = (role: string) => (options.name ? { connectionName: `${options.name}:${role}` } : {});
  // lazyConnect: the first connection is made below, so that its failure ends the bus.
  // socketTimeout: a connection with a command unanswered that long is destroyed and reconnected.
  const publisher =
    'client' in options
      ? options.client
      : new Redis(options.url, { ...named('pub'), lazyConnect: true, socketTimeout: timeoutMs });
  // Pub/sub channels are global to a Redis server: the database a URL selects (`redis://h/2`)
  // separates keys, not channels. Two deployments told apart by database alone heard each other
  // (one's agents taken as online in the other, its shoppers' previews in their inbox), so the
  // channels of a database other than 0 carry its number.
  const db = publisher.options.db ?? 0;
  const prefix = `${options.prefix ?? 'kefu:'}${db ? `db${db}:` : ''}`;
  const subscriber = publisher.duplicate({ ...named('sub'), lazyConnect: true, socketTimeout: timeoutMs });
  const server = withoutPassword(
    'url' in options ? options.url : `redis://${publisher.options.host}:${publisher.options.port}`,
  );
  // Causes logged in this outage: ioredis retries each connection every ≤ 2 s for as long as Redis
  // is away, and a line per try was thousands of identical warnings an hour per node. Cleared once
  // both connections are back (the hub then logs bus.reconnected), so the next outage is logged.
  const logged = new Set<string>();
  const reportError =
    options.onConnectionError ??
    ((error: Error) => {
      if (logged.has(error.message)) return;
      logged.add(error.message);
      logger?.log('warn', 'bus.connection_error', { server, error: error.message });
    });
  // The last connection error, for a ping while disconnected to say why.
  let lastError: Error | undefined;
  const onConnectionError = (error: Error) => {
    lastError = error;
    reportError(error);
  };
  const ours = owned ? [publisher, subscriber] : [subscriber];
  const ready = Promise.all(ours.map((connection) => firstConnection(connection, onConnectionError))).then(
    () => {},
    (error: unknown) => {
      for (const connection of ours) connection.disconnect();
      throw new BusConnectionError(server, error);
    },
  );
  // Rejections surface through ready() and the calls below; a bus nobody uses must not crash the process.
  ready.catch(() => {});
  // Warned, not refused: a password set in the config before the server's requirepass (the order
  // that adds one without downtime) works, and the hub runs; but the password protects nothing yet.
  if (owned)
    void ready
      .then(() => passwordUnneeded(publisher))
      .then(
        (unneeded) =>
          unneeded &&
          logger?.log('warn', 'bus.password_unneeded', {
            server,
            error:
              'the URL has a password, but this Redis asks none: anyone who reaches it reads the bus; set requirepass (or an ACL user)',
          }),
        () => {},
      );
  // A subscriber only listens, so nothing would notice it had gone silent: a ping every timeoutMs
  // gives socketTimeout a command to wait on (the publisher's too, between messages).
  const heartbeat = setInterval(() => {
    for (const connection of ours) if (connection.status === 'ready') connection.ping().catch(() => {});
  }, timeoutMs);
  heartbeat.unref();
  let closing: Promise<void> | undefined;

  // Once a connection was lost, the reconnect listeners are called when both are ready again
  // (once for an outage that took both): the other nodes' events of the gap (subscriber) or this
  // node's own (publisher, whose queued commands ioredis rejects after its retries) may be gone.
  const reconnectListeners = new Set<() => void>();
  const lost = new Set<Redis>();
  for (const connection of [publisher, subscriber]) {
    connection.on('close', () => lost.add(connection));
    connection.on('ready', () => {
      if (!lost.delete(connection) || lost.size > 0) return;
      logged.clear();
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
    ready: () => ready,

    async publish(channel, event) {
      await ready;
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
      await ready;
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
      await ready;
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

    close() {
      // Once: a second QUIT sent while the first is answered is rejected, "Connection is closed.".
      closing ??= (async () => {
        clearInterval(heartbeat);
        handlers.clear();
        subscribed.clear();
        await ready.catch(() => {});
        for (const connection of ours) {
          // A connection that failed to start, or is between reconnects, has nothing to QUIT.
          if (connection.status === 'ready') await connection.quit();
          else connection.disconnect();
        }
      })();
      return closing;
    },
  };
}

/**
 * Connects once; rejects with the reason of the first failure (connect() itself only says
 * "Connection is closed."). Errors after that go to `report`, while ioredis reconnects.
 */
async function firstConnection(connection: Redis, report: (error: Error) => void): Promise<void> {
  let started = false;
  let firstError: Error | undefined;
  connection.on('error', (error: Error) => {
    if (started) report(error);
    else firstError ??= error;
  });
  try {
    await connection.connect();
  } catch (error) {
    throw firstError ?? error;
  }
  started = true;
}
