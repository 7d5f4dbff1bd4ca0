import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ErrorCode, LIMITS } from '@kefu/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import { sendJson } from '../http/api-error.ts';
import { requestUrl } from '../http/request-url.ts';
import { createAddressBacklog } from './address-backlog.ts';
import { createAddressSlots } from './address-slots.ts';
import { createAdmission } from './admission.ts';
import { clientAddress } from './client-address.ts';
import { Connection } from './connection.ts';
import { receiveFrame } from './frame-arrival.ts';
import { composeFrameSteps } from './frame-pipeline.ts';
import {
  type FrameContext,
  type FrameStepDeps,
  type HubFrameStep,
  hubFrameSteps,
  type InboundFrame,
} from './frame-steps.ts';
import { createInboundQueue } from './inbound-queue.ts';
import { startLivenessSweep } from './liveness-sweep.ts';
import { createUpgradeGuard } from './upgrade-guard.ts';

export interface WsEdge {
  /** Takes one HTTP upgrade: refused while shutting down, 404 off `options.path`, else a connection. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Guards a server's connections before their upgrade: counted per address from the moment they
   * open, destroyed when the request is not complete in `limits.upgradeTimeoutMs`. Returns a
   * function that stops watching.
   */
  watch(server: Server): () => void;
  /**
   * Answers an HTTP request on a connection over its address's limit with 429
   * too_many_connections (and Retry-After), and says true; false for any other request.
   */
  refuseRequest(request: IncomingMessage, response: ServerResponse): boolean;
  /** Counts of open connections on this node. */
  stats(): { shoppers: number; agents: number; pending: number };
  /**
   * Closes the connections `which` picks (all by default) with an error frame and the code's close
   * code; with the close code alone when `frame` is false (see `Connection.close`).
   */
  closeConnections(
    code: ErrorCode,
    message: string,
    which?: (conn: Connection) => boolean,
    how?: { frame?: boolean },
  ): void;
  /** Refuses new upgrades from now on and stops the liveness sweep. */
  stopAccepting(): void;
  /** After a short grace for closing handshakes, cuts every socket still open. */
  cut(): Promise<void>;
}

export interface WsEdgeDeps extends FrameStepDeps {
  /** The inbound frame pipeline; default {@link hubFrameSteps}. */
  steps?: readonly HubFrameStep[];
}

/**
 * The hub's WebSocket edge: upgrades, admission (per-address limit, site, origin), liveness
 * (hello and idle timeouts, pings), and every inbound frame through the frame pipeline, one at a
 * time per connection. It knows sessions only through the pipeline's context.
 * @example
 * const edge = createWsEdge({ o, conversations, ops, events, reportError });
 * server.on('upgrade', edge.handleUpgrade);
 */
// A frame over the protocol's limit is still read, to answer frame_too_large; far over it, ws cuts it (1009).
const MAX_PAYLOAD = LIMITS.maxFrameBytes * 4;
/**
 * Fragments one message may come in. Browsers and the SDK send a message whole, and a proxy that
 * splits one splits it in pieces of kilobytes; each fragment, even of one byte, holds ~90 bytes of
 * the hub's memory until the message ends. ws's default (16,384) let one address's 45 sockets hold
 * 58 MB with 15,000 one-byte fragments each (attack QA, 2026-12-06), past the 12.5 MiB of unfinished
 * messages an address was said to hold. A message of MAX_PAYLOAD still fits in pieces of 256 bytes.
 */
export const MAX_FRAGMENTS = 1024;

export function createWsEdge(deps: WsEdgeDeps): WsEdge {
  const { o, events, reportError } = deps;
  const { clock, limits, logger } = o;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, maxFragments: MAX_FRAGMENTS });
  const connections = new Set<Connection>();
  const slots = createAddressSlots(limits.maxConnectionsPerIp);
  const backlog = createAddressBacklog();
  const admission = createAdmission(o, slots);
  const guard = createUpgradeGuard(o, slots);
  const handleFrame = composeFrameSteps(deps.steps ?? hubFrameSteps(deps));
  let accepting = true;

  const stopSweep = startLivenessSweep(connections, o);
  const tooManyConnections = {
    code: 'too_many_connections' as const,
    message: `at most ${limits.maxConnectionsPerIp} connections per address`,
  };

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const counted = guard.arrived(socket);
    const over = guard.overLimit(socket);
    if (!accepting) {
      socket.destroy();
      return;
    }
    // `GET //[ HTTP/1.1` is a valid request line that `new URL` refuses: thrown in this listener,
    // it would end the hub's process.
    const url = requestUrl(request);
    if (!url) {
      refuseUpgrade(socket, 400, 'Bad Request', 'invalid_frame', 'the request path is not a valid URL');
      return;
    }
    if (o.path && url.pathname !== o.path) {
      // The widget only says it cannot connect: the log names a data-hub off the hub's path.
      logger.log('warn', 'connection.path_refused', { path: url.pathname, expected: o.path });
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    // One over the limit is let in only to be told so: an error frame and close 4429.
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, socket, request, url, counted, over));
  }

  function onConnection(
    ws: WebSocket,
    stream: Duplex,
    request: IncomingMessage,
    url: URL,
    counted: boolean,
    over = false,
  ): void {
    const siteKey = url.searchParams.get('site') ?? undefined;
    const conn = new Connection(
      ws,
      clientAddress(request, o.trustProxy),
      request.headers.origin,
      siteKey,
      limits,
      clock,
      () => logger.log('warn', 'connection.slow_consumer', { role: conn.role }),
      stream,
      backlog,
    );
    connections.add(conn);
    backlog.add(conn);
    const refusal = over ? tooManyConnections : admission.admit(conn, counted);
    const ctx: FrameContext = { conn };
    // Frames are handled one at a time per connection, in arrival order; past a bound on what
    // waits, the socket is not read until there is room again.
    const queue = createInboundQueue<InboundFrame>(
      (frame) => handleFrame(frame, ctx),
      {
        maxFrames: limits.maxQueuedFrames,
        maxBytes: limits.maxQueuedBytes,
        // After the pause a socket still hands over what it had read: a read of up to 64 KiB and a
        // frame of up to maxPayload. Past twice the bound and that, the client ignored the pause.
        hardMaxBytes: 2 * limits.maxQueuedBytes + MAX_PAYLOAD + 64 * 1024,
      },
      {
        onError: (error) => reportError(error, 'frame'),
        onFull: () => ws.pause(),
        onRoom: () => ws.resume(),
      },
    );

    ws.on('close', () => {
      conn.closed = true;
      connections.delete(conn);
      backlog.remove(conn);
      admission.release(conn);
      queue.clear();
      // Reported, not left to reject: an unhandled rejection (a bus unsubscribe failing in an
      // outage, say) would end the hub's process whenever a tab closed.
      void queue
        .idle()
        .then(() => endSessions(ctx))
        .catch((error: unknown) => reportError(error, 'session end'));
    });
    // ws reports protocol violations (e.g. a frame over maxPayload) here and closes with 1009/1002.
    ws.on('error', (error) =>
      logger.log('warn', 'connection.error', { code: (error as { code?: string }).code ?? 'unknown' }),
    );
    ws.on('pong', () => {
      conn.lastSeen = clock.now();
    });
    if (refusal) {
      conn.close(refusal.code, refusal.message);
      return;
    }
    ws.on('message', (data, isBinary) => receiveFrame(conn, queue, limits, data, isBinary));
  }

  async function endSessions({ shopper, agent }: FrameContext): Promise<void> {
    await shopper?.stop();
    if (agent) {
      await agent.stop();
      events.emit('connection', { role: 'agent', event: 'close', id: agent.id });
    }
    if (shopper) events.emit('connection', { role: 'shopper', event: 'close', id: shopper.id });
  }

  return {
    handleUpgrade,
    watch: guard.watch,
    refuseRequest(request, response) {
      if (!guard.overLimit(request.socket)) return false;
      response.shouldKeepAlive = false;
      sendJson(response, 429, { error: tooManyConnections }, { 'retry-after': '1' });
      return true;
    },
    stats: () => countRoles(connections),
    closeConnections(code, message, which = () => true, how = {}) {
      for (const conn of connections) if (which(conn)) conn.close(code, message, undefined, how);
    },
    stopAccepting() {
      accepting = false;
      stopSweep();
      guard.dispose();
    },
    async cut() {
      // Real time, not the injected clock: the closing handshake crosses a real network, and on a
      // test's manual clock (which nobody advances during close) hub.close() would never finish.
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/** Answers an upgrade that never becomes a WebSocket with a typed JSON error, and closes it. */
function refuseUpgrade(
  socket: Duplex,
  status: number,
  reason: string,
  code: ErrorCode,
  message: string,
): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function countRoles(connections: ReadonlySet<Connection>): {
  shoppers: number;
  agents: number;
  pending: number;
} {
  let shoppers = 0;
  let agents = 0;
  let pending = 0;
  for (const c of connections) {
    if (c.role === 'shopper') shoppers++;
    else if (c.role === 'agent') agents++;
    else pending++;
  }
  return { shoppers, agents, pending };
}
