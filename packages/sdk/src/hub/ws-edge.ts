import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ErrorCode, LIMITS } from '@kefu/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import { createAdmission } from './admission.ts';
import { Connection } from './connection.ts';
import { composeFrameSteps } from './frame-pipeline.ts';
import { type FrameContext, type FrameStepDeps, type HubFrameStep, hubFrameSteps } from './frame-steps.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { repeatEvery } from './repeating-timer.ts';

export interface WsEdge {
  /** Takes one HTTP upgrade: refused while shutting down, 404 off `options.path`, else a connection. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Counts of open connections on this node. */
  stats(): { shoppers: number; agents: number; pending: number };
  /** Closes the connections `which` picks (all by default) with an error frame and the code's close code. */
  closeConnections(code: ErrorCode, message: string, which?: (conn: Connection) => boolean): void;
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
export function createWsEdge(deps: WsEdgeDeps): WsEdge {
  const { o, events, reportError } = deps;
  const { clock, limits, logger } = o;
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes * 4 });
  const connections = new Set<Connection>();
  const admission = createAdmission(o);
  const handleFrame = composeFrameSteps(deps.steps ?? hubFrameSteps(deps));
  let accepting = true;

  const stopSweep = startLivenessSweep(connections, o);

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!accepting) {
      socket.destroy();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://hub');
    if (o.path && url.pathname !== o.path) {
      socket.write('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, request, url));
  }

  function onConnection(ws: WebSocket, request: IncomingMessage, url: URL): void {
    const siteKey = url.searchParams.get('site') ?? undefined;
    const conn = new Connection(
      ws,
      clientIp(request, o.trustProxy),
      request.headers.origin,
      siteKey,
      limits,
      clock,
      () => logger.log('warn', 'connection.slow_consumer', { role: conn.role }),
    );
    connections.add(conn);
    const refusal = admission.admit(conn);
    const ctx: FrameContext = { conn };
    let chain: Promise<void> = Promise.resolve();

    ws.on('close', () => {
      conn.closed = true;
      connections.delete(conn);
      admission.release(conn);
      void chain.then(() => endSessions(ctx));
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
    ws.on('message', (data, isBinary) => {
      if (conn.closed) return;
      const frame = { binary: isBinary, text: isBinary ? '' : data.toString() };
      // Frames are handled one at a time per connection, in arrival order.
      chain = chain.then(() => handleFrame(frame, ctx)).catch((error) => reportError(error, 'frame'));
    });
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
    stats: () => countRoles(connections),
    closeConnections(code, message, which = () => true) {
      for (const conn of connections) if (which(conn)) conn.close(code, message);
    },
    stopAccepting() {
      accepting = false;
      stopSweep();
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

/**
 * One sweep for all connections, every heartbeat (or hello timeout, if shorter): hello and idle
 * timeouts, and pings, without a timer per socket.
 */
function startLivenessSweep(
  connections: ReadonlySet<Connection>,
  { clock, limits }: Pick<ResolvedHubOptions, 'clock' | 'limits'>,
): () => void {
  return repeatEvery(clock, Math.min(limits.heartbeatMs, limits.helloTimeoutMs), () => {
    const now = clock.now();
    for (const conn of connections) {
      if (conn.role === 'pending' && now - conn.openedAt > limits.helloTimeoutMs)
        conn.close('idle_timeout', 'no hello received in time');
      else if (now - conn.lastSeen > limits.idleTimeoutMs)
        conn.close('idle_timeout', 'nothing received within the heartbeat window');
      else if (conn.socket.readyState === conn.socket.OPEN) conn.socket.ping();
    }
    // The next sweep is armed after a turn of the event loop, when sockets have had a chance to
    // answer. On Node's clock that is always so; a test's manual clock moved by days would
    // otherwise sweep thousands of times in one go, flooding each socket with pings (which kills
    // it) and closing it as idle though it never had a moment to answer.
    return new Promise<void>((resolve) => setImmediate(resolve));
  });
}

function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0]!.trim();
  return request.socket.remoteAddress ?? 'unknown';
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
