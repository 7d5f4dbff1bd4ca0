import type { Connection } from './connection.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { repeatEvery } from './repeating-timer.ts';

/**
 * Pings or closes at most this many sockets before the event loop turns: each is a write to the
 * kernel (about 40 µs), and a heartbeat that pinged 1,000 shoppers in one go held every message
 * behind it for 40 ms (the memory hub's p99 at 5,000 msg/s was that stall); 10,000 held it 0.4 s.
 */
export const SWEEP_SLICE = 100;

/**
 * One sweep for all connections, without a timer per socket: hello timeouts every quarter of the
 * hello timeout (so a silent socket goes within 1.25× of it, not up to twice), and idle timeouts
 * and pings (of sockets silent for a heartbeat) once per heartbeat — the sweeps in between only
 * compare two numbers per connection.
 * Returns a function that stops it.
 */
export function startLivenessSweep(
  connections: ReadonlySet<Connection>,
  { clock, limits }: Pick<ResolvedHubOptions, 'clock' | 'limits'>,
): () => void {
  const everyMs = Math.max(1, Math.min(limits.heartbeatMs, Math.ceil(limits.helloTimeoutMs / 4)));
  // The first sweep is a heartbeat one too (on a manual clock moved by days, the only one that runs).
  let lastHeartbeat = Number.NEGATIVE_INFINITY;
  let stopped = false;
  const stop = repeatEvery(clock, everyMs, async () => {
    const now = clock.now();
    const heartbeat = now - lastHeartbeat >= limits.heartbeatMs;
    if (heartbeat) lastHeartbeat = now;
    let writes = 0;
    // A Set walked across turns of the loop skips connections closed meanwhile and reaches new ones.
    for (const conn of connections) {
      if (writes >= SWEEP_SLICE) {
        writes = 0;
        await turnOfTheLoop();
        if (stopped) return;
      }
      const overdue = conn.welcomed ? undefined : signInOverdue(conn, now, limits);
      if (overdue) {
        conn.close('idle_timeout', overdue);
        writes++;
      } else if (!heartbeat) continue;
      else if (now - conn.lastSeen > limits.idleTimeoutMs) {
        conn.close('idle_timeout', 'nothing received within the heartbeat window');
        writes++;
      } else if (now - conn.lastSeen >= limits.heartbeatMs && conn.socket.readyState === conn.socket.OPEN) {
        // Only a socket silent for a heartbeat is asked: the SDK's clients ping the hub every
        // heartbeat themselves, and a socket that spoke since has shown it is alive. Pinging all
        // of them made a burst of writes and pongs every heartbeat (the bench's 5,000 msg/s step).
        conn.socket.ping();
        writes++;
      }
    }
    // The next sweep is armed after a turn of the event loop, when sockets have had a chance to
    // answer. On Node's clock that is always so; a test's manual clock moved by days would
    // otherwise sweep thousands of times in one go, flooding each socket with pings (which kills
    // it) and closing it as idle though it never had a moment to answer.
    await turnOfTheLoop();
  });
  return () => {
    stopped = true;
    stop();
  };
}

const turnOfTheLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Why a connection not yet welcomed is closed now, if it is: no hello within `helloTimeoutMs`, or a
 * sign-in not finished within `idleTimeoutMs` of its hello. A hello that arrived is the hub's to
 * answer: a busy hub (a sign-in storm on a slow store) that closed it after `helloTimeoutMs` threw
 * its work away and brought the client back to start again; a hung authenticator still ends.
 */
function signInOverdue(
  conn: Connection,
  now: number,
  limits: Pick<ResolvedHubOptions['limits'], 'helloTimeoutMs' | 'idleTimeoutMs'>,
): string | undefined {
  const since = conn.beforeWelcome.since;
  if (since === undefined)
    return now - conn.openedAt >= limits.helloTimeoutMs ? 'no hello received in time' : undefined;
  return now - since >= limits.idleTimeoutMs
    ? 'the hub could not finish signing you in; reconnect'
    : undefined;
}
