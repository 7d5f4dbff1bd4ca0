import { LIMITS, PROTOCOL_VERSION } from '@kefu/protocol';
import type { RawData } from 'ws';
import type { Connection } from './connection.ts';
import { requestOf } from './frame-shape.ts';
import type { InboundFrame } from './frame-steps.ts';
import type { HubLimits } from './hub-limits.ts';
import type { InboundQueue } from './inbound-queue.ts';

/**
 * What the edge does with a frame the moment it arrives, before it may wait behind others: the
 * pre-welcome allowance (a hello and a few frames; a single frame over the protocol's size limit
 * there closes with frame_too_large), the frame budget (refused frames are answered
 * at once and never queued), and the hard bound on what may wait (the queue pauses the socket well
 * before it). Checking only when a frame's turn
 * comes would let frames pile up behind a slow one, unchecked.
 * @example
 * ws.on('message', (data, isBinary) => receiveFrame(conn, queue, limits, data, isBinary));
 */
export function receiveFrame(
  conn: Connection,
  queue: InboundQueue<InboundFrame>,
  limits: Pick<HubLimits, 'preWelcomeFrames' | 'preWelcomeBytes'>,
  data: RawData,
  isBinary: boolean,
): void {
  if (conn.closed) return;
  const bytes = byteLength(data);
  if (!conn.welcomed) {
    // One frame over the protocol's limit is that, not a flood: the same frame_too_large as after
    // the welcome (not retryable), and the hello it should have been closes the socket.
    if (bytes > LIMITS.maxFrameBytes) {
      conn.cutOff('frame_too_large', `frame is larger than ${LIMITS.maxFrameBytes} bytes`);
      queue.clear();
      return;
    }
    if (conn.beforeWelcome.frames++ === 0) conn.beforeWelcome.since = conn.lastSeen;
    conn.beforeWelcome.bytes += bytes;
    if (
      conn.beforeWelcome.frames > limits.preWelcomeFrames ||
      conn.beforeWelcome.bytes > limits.preWelcomeBytes
    ) {
      shut(conn, queue, 'too much sent before the welcome; send hello and wait for it');
      return;
    }
  }
  const text = isBinary ? '' : data.toString();
  if (!conn.admit()) {
    // admit() closes a connection that keeps sending past its budget.
    if (conn.closed) queue.clear();
    else {
      // Not parsed (a flood must stay cheap): see requestOf.
      conn.sendError('rate_limited', 'too many frames; slow down', requestOf(text));
    }
    return;
  }
  const probe = conn.welcomed ? probeTime(text) : undefined;
  if (probe !== undefined) {
    conn.send({ v: PROTOCOL_VERSION, type: 'pong', ...(probe > 0 ? { t: probe } : {}) });
    return;
  }
  if (!queue.push({ binary: isBinary, text }, bytes))
    shut(conn, queue, 'far more sent than the hub could handle; wait for answers before sending more');
}

/**
 * A liveness probe, as the clients write it (`{"v":1,"type":"ping","t":…}`, no id): its `t`, or 0
 * without one; undefined for any other frame. A probe is answered as it arrives, not after the
 * frames before it: a client that waited seconds for its pong behind a slow store write took the
 * busy hub for a dead connection and reconnected, piling sign-ins onto a hub already slow. A
 * ping with an id is a request, still answered in order (tests use it to see a queue drained).
 */
function probeTime(text: string): number | undefined {
  const match = PROBE.exec(text);
  if (!match) return undefined;
  return match[1] === undefined ? 0 : Number(match[1]);
}

/** A module constant: a literal is a new object each time it is evaluated, here once per frame. */
const PROBE = /^\{"v":1,"type":"ping"(?:,"t":(\d{1,15}))?\}$/;

function shut(conn: Connection, queue: InboundQueue<InboundFrame>, message: string): void {
  conn.cutOff('rate_limited', message);
  queue.clear();
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}
