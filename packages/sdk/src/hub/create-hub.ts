import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { AgentToHub, decodeFrame, Hello, isKefuError, LIMITS, ShopperToHub } from '@kefu/protocol';
import { type WebSocket, WebSocketServer } from 'ws';
import { createEmitter, type Emitter } from '../emitter.ts';
import { reportToPrometheus } from '../metrics/export-formats.ts';
import type { GroupBy, Report } from '../metrics/report.ts';
import { createRouter } from '../routing/default-router.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { Ticket } from '../seams/tickets.ts';
import type { TicketFilter } from '../store/store.ts';
import { AgentOperations } from './agent-operations.ts';
import { AgentSession } from './agent-session.ts';
import { createAssistant } from './assistant.ts';
import { Connection } from './connection.ts';
import { Conversations, type KnowledgeDraft } from './conversations.ts';
import { Dispatcher } from './dispatcher.ts';
import type { HubEvents } from './hub-events.ts';
import { type HubOptions, originAllowed, resolveHubOptions } from './hub-options.ts';
import {
  applyRetention,
  eraseShopper,
  exportShopper,
  resolveShopperId,
  type ShopperExport,
  type ShopperRef,
} from './privacy.ts';
import { ShopperPresence } from './shopper-presence.ts';
import { ShopperSession } from './shopper-session.ts';

export interface Hub {
  /** Starts a server of its own. Port 0 picks a free port; the bound port is returned. */
  listen(options?: { port?: number; host?: string }): Promise<{ port: number; url: string }>;
  /** Serves WebSocket upgrades on your existing HTTP server (and path, if `options.path` is set). */
  attach(server: Server): void;
  /** Hands one upgrade request to the hub (for frameworks that route upgrades themselves). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  on: Emitter<HubEvents>['on'];
  off: Emitter<HubEvents>['off'];
  /** Agents online on this node. */
  onlineAgents(): AgentProfile[];
  /** Service metrics for a window, in total and per group, agent or day (see `computeReport`). */
  report(options: { from: number; to: number; groupBy?: GroupBy }): Promise<Report>;
  /** The Prometheus text the `/metrics` endpoint serves (last 24 h per group, plus live gauges). */
  metrics(): Promise<string>;
  /** The `/metrics` handler, for your own HTTP server when you `attach` the hub. */
  serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Everything held about one shopper, as JSON (a data-access request). */
  exportShopper(ref: ShopperRef): Promise<ShopperExport>;
  /** Erases a shopper: profile deleted, conversations redacted and anonymised, metrics kept. Their open connections are closed. */
  eraseShopper(ref: ShopperRef): Promise<{ conversations: number }>;
  /** Runs the retention job now (it also runs on its own with `retention.closedDays`). */
  applyRetention(maxAgeMs?: number): Promise<{ erased: number }>;
  /** Learning from agents: drafts a knowledge-base entry from an agent's reply (message `seq`) and the question before it. */
  draftKnowledgeEntry(conversationId: string, seq: number): Promise<KnowledgeDraft>;
  /** Drafted entries waiting for the merchant's approval. */
  knowledgeDrafts(range?: { from?: number; to?: number }): Promise<KnowledgeDraft[]>;
  /**
   * Tickets (L3 problems, contacts outside office hours), oldest first, from the store: every
   * node sees the same ones, and they outlive restarts.
   * @example
   * const overdue = (await hub.tickets({ statuses: ['open'] })).filter((t) => t.deadlines.some((d) => d.overdue));
   */
  tickets(filter?: TicketFilter): Promise<Ticket[]>;
  /** Counts of open connections on this node. */
  stats(): { shoppers: number; agents: number; pending: number };
  /** Stops accepting, closes every connection with `server_shutdown` (clients resume elsewhere), waits for in-flight writes. */
  close(): Promise<void>;
}

/**
 * Creates a hub: the WebSocket server shoppers' widgets and agents' consoles connect to.
 * @example
 * const hub = createHub({
 *   sites: [{ key: 'demo', origins: ['https://shop.example'] }],
 *   agents: [{ id: 'a1', name: 'Mei', token: process.env.AGENT_TOKEN!, groups: ['default'] }],
 *   answer: async (q) => (/退货|return/i.test(q.text) ? { content: [{ kind: 'text', text: '7 天无理由退货' }], confidence: 0.9 } : null),
 * });
 * const { url } = await hub.listen({ port: 8080 });
 */
export function createHub(options: HubOptions): Hub {
  const o = resolveHubOptions(options);
  const { logger, clock, limits } = o;
  const events = createEmitter<HubEvents>((error) =>
    logger.log('error', 'listener.threw', { error: error instanceof Error ? error.message : String(error) }),
  );
  const agentSessions = new Set<AgentSession>();
  const conversations = new Conversations(o, events);
  const ops = new AgentOperations(conversations);
  const dispatcher = new Dispatcher(o.routing, clock, o.ids, conversations.hooks, o.bus, o.store);
  conversations.dispatcher = dispatcher;
  const presence = new ShopperPresence({
    nodeId: dispatcher.nodeId,
    bus: o.bus,
    clock,
    causedHere: (id) => void conversations.republishInbox(id).catch((e) => reportError(e, 'presence')),
    onError: (what, error) => reportError(error, what),
  });
  conversations.presence = presence;
  conversations.assistant = createAssistant(o.assist);
  conversations.route =
    o.route ??
    createRouter({
      ...o.routing.router,
      clock,
      ...(o.routing.ticketWhenUnstaffed === false
        ? {}
        : { isStaffed: (group: string) => dispatcher.directory.staffing(group).online > 0 }),
    });
  // After a restart, conversations that were waiting wait again, in their order.
  const restored = dispatcher
    .start()
    .then(() => presence.start())
    .then(() => o.store.listConversations({ statuses: ['queued'] }))
    .then((queued) => dispatcher.restore(queued))
    .catch((error) => reportError(error, 'restore queue'));
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxFrameBytes * 4 });
  const connections = new Set<Connection>();
  const perIp = new Map<string, number>();
  const servers: Server[] = [];
  let ownServer: Server | undefined;
  let closing = false;
  let closed: Promise<void> | undefined;

  const reportError = (error: unknown, where: string) => {
    const message = error instanceof Error ? error.message : String(error);
    logger.log('error', 'hub.fault', { where, error: message });
    events.emit('error', { code: 'internal', message: `${where}: ${message}` });
  };

  // One sweep for all connections: idle timeouts and pings without a timer per socket.
  const sweep = setInterval(
    () => {
      const now = clock.now();
      for (const conn of connections) {
        if (conn.role === 'pending' && now - conn.openedAt > limits.helloTimeoutMs)
          conn.close('idle_timeout', 'no hello received in time');
        else if (now - conn.lastSeen > limits.idleTimeoutMs)
          conn.close('idle_timeout', 'nothing received within the heartbeat window');
        else if (conn.socket.readyState === conn.socket.OPEN) conn.socket.ping();
      }
    },
    Math.min(limits.heartbeatMs, limits.helloTimeoutMs),
  );
  sweep.unref();

  function clientIp(request: IncomingMessage): string {
    const forwarded = request.headers['x-forwarded-for'];
    if (o.trustProxy && typeof forwarded === 'string') return forwarded.split(',')[0]!.trim();
    return request.socket.remoteAddress ?? 'unknown';
  }

  function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (closing) {
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
    const ip = clientIp(request);
    const origin = request.headers.origin;
    const siteKey = url.searchParams.get('site') ?? undefined;
    const conn = new Connection(ws, ip, origin, siteKey, limits, clock, () =>
      logger.log('warn', 'connection.slow_consumer', { role: conn.role }),
    );
    connections.add(conn);
    const count = (perIp.get(ip) ?? 0) + 1;
    perIp.set(ip, count);
    let shopper: ShopperSession | undefined;
    let agent: AgentSession | undefined;
    let chain: Promise<void> = Promise.resolve();

    ws.on('close', () => {
      conn.closed = true;
      connections.delete(conn);
      const left = (perIp.get(ip) ?? 1) - 1;
      if (left <= 0) perIp.delete(ip);
      else perIp.set(ip, left);
      void chain.then(async () => {
        await shopper?.stop();
        if (agent) {
          agentSessions.delete(agent);
          await agent.stop();
          events.emit('connection', { role: 'agent', event: 'close', id: agent.id });
        }
        if (shopper) events.emit('connection', { role: 'shopper', event: 'close', id: shopper.id });
      });
    });
    // ws reports protocol violations (e.g. a frame over maxPayload) here and closes with 1009/1002.
    ws.on('error', (error) =>
      logger.log('warn', 'connection.error', { code: (error as { code?: string }).code ?? 'unknown' }),
    );
    ws.on('pong', () => {
      conn.lastSeen = clock.now();
    });

    if (count > limits.maxConnectionsPerIp) {
      conn.close('too_many_connections', `at most ${limits.maxConnectionsPerIp} connections per address`);
      return;
    }
    if (siteKey !== undefined) {
      const site = o.sites.get(siteKey);
      if (!site) {
        conn.close('unauthorized', `unknown site key ${siteKey}`);
        return;
      }
      if (!originAllowed(site, origin)) {
        logger.log('warn', 'connection.origin_refused', { site: siteKey, origin: origin ?? null });
        conn.close('forbidden', `origin ${origin ?? '(none)'} may not connect to site ${siteKey}`);
        return;
      }
    }

    ws.on('message', (data, isBinary) => {
      if (conn.closed) return;
      const raw = isBinary ? null : data.toString();
      // Frames are handled one at a time per connection, in arrival order.
      chain = chain.then(() => onFrame(raw)).catch((error) => reportError(error, 'frame'));
    });

    async function onFrame(raw: string | null): Promise<void> {
      if (conn.closed) return;
      if (raw === null) return conn.sendError('invalid_frame', 'frames must be JSON text, not binary');
      if (conn.role !== 'pending' && !conn.admit()) {
        const clientMsgId = /"clientMsgId"\s*:\s*"([^"]{1,64})"/.exec(raw)?.[1];
        return conn.sendError(
          'rate_limited',
          'too many frames; slow down',
          clientMsgId ? { clientMsgId } : {},
        );
      }
      conn.lastSeen = clock.now();
      if (conn.role === 'pending') return onHello(raw);
      const decoded = decodeFrame(conn.role === 'shopper' ? ShopperToHub : AgentToHub, raw);
      if (!decoded.ok) {
        const clientMsgId = /"clientMsgId"\s*:\s*"([^"]{1,64})"/.exec(raw.slice(0, 4096))?.[1];
        return conn.sendError(decoded.code, decoded.message, {
          ...(decoded.re ? { re: decoded.re } : {}),
          ...(clientMsgId ? { clientMsgId } : {}),
        });
      }
      const frame = decoded.frame;
      try {
        if (shopper) await shopper.handle(frame as ShopperToHub);
        else if (agent) await agent.handle(frame as AgentToHub);
      } catch (error) {
        const re = frame.id ? { re: frame.id } : {};
        const clientMsgId =
          'clientMsgId' in frame && typeof frame.clientMsgId === 'string'
            ? { clientMsgId: frame.clientMsgId }
            : {};
        if (isKefuError(error)) conn.sendError(error.code, error.message, { ...re, ...clientMsgId });
        else {
          reportError(error, `frame ${frame.type}`);
          conn.sendError('internal', 'the hub could not handle this frame; retry it', {
            ...re,
            ...clientMsgId,
          });
        }
      }
    }

    async function onHello(raw: string): Promise<void> {
      const decoded = decodeFrame(Hello, raw);
      if (!decoded.ok) {
        const code =
          decoded.code === 'unsupported_version' || decoded.code === 'frame_too_large'
            ? decoded.code
            : 'invalid_frame';
        return conn.close(
          code,
          decoded.code === 'invalid_frame'
            ? `the first frame must be a valid hello: ${decoded.message}`
            : decoded.message,
          decoded.re,
        );
      }
      const hello = decoded.frame;
      if (hello.role === 'shopper') {
        if (siteKey === undefined)
          return conn.close('unauthorized', 'shoppers connect with ?site=<site key> in the URL', hello.id);
        conn.role = 'shopper';
        shopper = new ShopperSession(conn, o, conversations, (e) => reportError(e, 'shopper feed'));
        await shopper.start(hello).catch((error) => {
          reportError(error, 'shopper hello');
          conn.close('internal', 'the hub could not start this conversation; retry', hello.id);
        });
        if (!conn.closed) events.emit('connection', { role: 'shopper', event: 'open', id: shopper.id });
      } else {
        conn.role = 'agent';
        const session = new AgentSession(conn, o, conversations, ops, (e) => reportError(e, 'agent feed'));
        const started = await session.start(hello).catch((error) => {
          reportError(error, 'agent hello');
          return false;
        });
        if (started) {
          agent = session;
          agentSessions.add(session);
          events.emit('connection', { role: 'agent', event: 'open', id: session.id });
        } else if (!conn.closed)
          conn.close('internal', 'the hub could not start this session; retry', hello.id);
      }
    }
  }

  async function metricsText(): Promise<string> {
    const now = clock.now();
    const report = await conversations.report({ from: now - 86_400_000, to: now + 1, groupBy: 'group' });
    const queued: Record<string, number> = {};
    for (const group of dispatcher.queue.groups()) queued[group] = dispatcher.queue.size(group);
    const agentsOnline: Record<string, number> = {};
    for (const agent of dispatcher.online())
      for (const g of agent.groups) agentsOnline[g] = (agentsOnline[g] ?? 0) + 1;
    const tickets = { open: {} as Record<string, number>, overdue: {} as Record<string, number> };
    for (const t of await o.store.listTickets({ statuses: ['open', 'pending'] })) {
      const group = t.group ?? '';
      tickets.open[group] = (tickets.open[group] ?? 0) + 1;
      if (t.deadlines.some((d) => d.overdue && d.metAt === undefined))
        tickets.overdue[group] = (tickets.overdue[group] ?? 0) + 1;
    }
    const stats = hubStats();
    return reportToPrometheus(report, {
      queued,
      agentsOnline,
      connections: { shoppers: stats.shoppers, agents: stats.agents },
      breachRate: dispatcher.breachRateNow(),
      tickets,
    });
  }

  /**
   * Prometheus scrape endpoint. Business figures are not public: with `metrics.token` a matching
   * Bearer token is required; without one, only loopback addresses are served.
   */
  async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const token = o.metrics.token;
    const auth = req.headers.authorization;
    const remote = req.socket.remoteAddress ?? '';
    const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
    const allowed = token ? auth === `Bearer ${token}` : loopback;
    if (!allowed) {
      res.writeHead(token ? 401 : 403, { 'content-type': 'text/plain' }).end('forbidden\n');
      return;
    }
    try {
      res
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
        .end(await metricsText());
    } catch (error) {
      reportError(error, 'metrics');
      res.writeHead(500).end();
    }
  }

  function hubStats() {
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

  const retentionMs = o.retention?.closedDays === undefined ? undefined : o.retention.closedDays * 86_400_000;
  const retentionTimer =
    retentionMs === undefined
      ? undefined
      : setInterval(
          () =>
            void applyRetention(o.store, retentionMs, clock.now())
              .then(
                (r) => r.erased > 0 && logger.log('info', 'retention.erased', { conversations: r.erased }),
              )
              .catch((error) => reportError(error, 'retention')),
          o.retention?.everyMs ?? 3_600_000,
        );
  retentionTimer?.unref();

  return {
    exportShopper: (ref) => exportShopper(o.store, ref, clock.now()),
    async eraseShopper(ref) {
      const shopperId = resolveShopperId(ref);
      // Their open tabs must not keep showing (or resending into) what was erased.
      for (const conn of connections)
        if (conn.role === 'shopper' && conn.shopperId === shopperId)
          conn.close('forbidden', 'this shopper was erased');
      const result = await eraseShopper(o.store, ref);
      logger.log('info', 'shopper.erased', { conversations: result.conversations });
      return result;
    },
    applyRetention: (maxAgeMs) => {
      const age = maxAgeMs ?? retentionMs;
      if (age === undefined) throw new TypeError('applyRetention: pass maxAgeMs or set retention.closedDays');
      return applyRetention(o.store, age, clock.now());
    },
    report: (options) => conversations.report(options),
    draftKnowledgeEntry: (conversationId, seq) => conversations.draftKnowledgeEntry(conversationId, seq),
    knowledgeDrafts: (range) => conversations.knowledgeDrafts(range),
    tickets: (filter = {}) => o.store.listTickets(filter),
    metrics: metricsText,
    serveMetrics,
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      await restored;
      ownServer = createServer((req, res) => {
        if (new URL(req.url ?? '/', 'http://hub').pathname === '/metrics') {
          void serveMetrics(req, res);
          return;
        }
        res.writeHead(426, { 'content-type': 'text/plain' }).end('Kefu hub: connect with a WebSocket\n');
      });
      this.attach(ownServer);
      await new Promise<void>((resolve, reject) => {
        ownServer!.once('error', reject);
        ownServer!.listen(port, host, () => resolve());
      });
      const bound = (ownServer.address() as AddressInfo).port;
      logger.log('info', 'hub.listening', { port: bound, host });
      return { port: bound, url: `ws://${host}:${bound}` };
    },
    attach(server) {
      servers.push(server);
      server.on('upgrade', handleUpgrade);
    },
    handleUpgrade,
    on: events.on,
    off: events.off,
    onlineAgents: () => dispatcher.online(),
    stats: hubStats,
    close() {
      // Every caller waits for the same shutdown, however many times close is called.
      closed ??= shutdown();
      return closed;
    },
  };

  async function shutdown(): Promise<void> {
    closing = true;
    clearInterval(sweep);
    if (retentionTimer) clearInterval(retentionTimer);
    for (const server of servers) server.off('upgrade', handleUpgrade);
    for (const conn of connections)
      conn.close('server_shutdown', 'the hub is shutting down; reconnect and resume');
    await conversations.idle();
    dispatcher.dispose();
    presence.dispose();
    // Give clients a moment to complete the closing handshake, then cut what is left.
    await new Promise((r) => setTimeout(r, 50));
    for (const client of wss.clients) client.terminate();
    wss.close();
    if (ownServer) {
      ownServer.closeAllConnections?.();
      await new Promise<void>((resolve) => ownServer!.close(() => resolve()));
    }
    if (o.ownsBus) await o.bus.close();
    if (o.ownsStore) await o.store.close();
    logger.log('info', 'hub.closed', {});
  }
}
