import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { agentActions } from '../conversation/agent-actions.ts';
import { createAssistant } from '../conversation/assistant.ts';
import { Conversations } from '../conversation/conversations.ts';
import type { HubEvents } from '../conversation/hub-events.ts';
import { createEmitter, type Emitter } from '../emitter.ts';
import { createKnowledgeEditor } from '../faq/knowledge-editor.ts';
import { PLAIN_TEXT } from '../http/api-error.ts';
import { createHttpApi, type HttpApi } from '../http/http-api.ts';
import { answerPrefixedPath } from '../http/prefixed-path.ts';
import { requestUrl } from '../http/request-url.ts';
import { createDecodeQueue } from '../images/decode-queue.ts';
import { createImageLibrary } from '../images/image-library.ts';
import { createKnowledgeLearning } from '../learning/knowledge-learning.ts';
import { createRouter } from '../routing/default-router.ts';
import { Dispatcher } from '../routing/dispatcher.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { RoutePlugin } from '../seams/plugins.ts';
import { isStoreUnavailable } from '../store/transient-failure.ts';
import { createWebhookService } from '../webhooks/webhook-service.ts';
import { createHubAdmin, type HubAdmin } from './admin.ts';
import { answerClientError } from './client-error.ts';
import { dispatchHooks } from './dispatch-hooks.ts';
import { throttleFaults } from './fault-log.ts';
import type { HubLimits } from './hub-limits.ts';
import type { HubOptions } from './hub-options.ts';
import { createImageRoutes, type ImageRoutes } from './image-routes.ts';
import { originAllowed } from './origins.ts';
import { createProactiveApi, type ProactiveApi } from './proactive-api.ts';
import { ShopperLimits } from './shopper-limits.ts';
import { ShopperPresence } from './shopper-presence.ts';
import { createSignInThrottle } from './sign-in-throttle.ts';
import { resolveCheckedHubOptions } from './unknown-options.ts';
import { createUnreadAnswersGuard } from './unread-answers.ts';
import { createWsEdge, type WsEdge } from './ws-edge.ts';

export type { HubAdmin } from './admin.ts';

export interface Hub extends ProactiveApi {
  /** Starts a server of its own. Port 0 picks a free port; the bound port is returned. */
  listen(options?: { port?: number; host?: string }): Promise<{ port: number; url: string }>;
  /**
   * Serves WebSocket upgrades on your existing HTTP server (and path, if `options.path` is set).
   * The hub then guards all of the server's connections: each counts against
   * `limits.maxConnectionsPerIp` while open (unless `trustProxy` is set), and one whose first
   * request has not arrived in full within `limits.upgradeTimeoutMs` is destroyed. Later requests
   * on a kept-alive connection are bounded by your server's own `headersTimeout`. A connection
   * over the limit has its upgrade closed with 4429 too_many_connections; a plain request on it
   * is answered by your handler, and the connection then ends (`listen`'s server answers 429).
   */
  attach(server: Server): void;
  /** Hands one upgrade request to the hub (for frameworks that route upgrades themselves). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  on: Emitter<HubEvents>['on'];
  off: Emitter<HubEvents>['off'];
  /** Agents online on this node. */
  onlineAgents(): AgentProfile[];
  /** Counts of open connections on this node. */
  stats(): { shoppers: number; agents: number; pending: number };
  /**
   * The back office: reports and `/metrics`, tickets, knowledge drafts, export and erasure of a
   * shopper, retention.
   * @example
   * const data = await hub.admin.exportShopper({ siteKey: 'my-shop', userId: '42' });
   */
  readonly admin: HubAdmin;
  /**
   * The HTTP API (`/api/v1/…`, `/openapi.json`, `/healthz`, `/readyz`): `listen` serves it; on
   * your own server, mount `hub.http.handle` or `hub.http.middleware()` (docs/http-api.md).
   * @example
   * createServer(async (req, res) => { if (!(await hub.http.handle(req, res))) res.writeHead(404).end(); });
   */
  readonly http: HttpApi;
  /**
   * The photo routes (upload, signed image URLs), when the `images` option is set. `listen` and
   * `hub.http.handle`/`middleware` serve them; `hub.images.handle` serves only them (docs/photos.md).
   */
  readonly images?: ImageRoutes;
  /** Stops accepting, closes every connection with `server_shutdown` (clients resume elsewhere), waits for in-flight writes. */
  close(): Promise<void>;
  /**
   * What `close` is waiting for right now (`conversation writes`, `webhook deliveries`, `store`, …),
   * so a process manager can say why a shutdown is slow; undefined unless closing.
   */
  closing(): string | undefined;
  /** @deprecated use `hub.admin.report` */
  report: HubAdmin['report'];
  /** @deprecated use `hub.admin.metrics` */
  metrics: HubAdmin['metrics'];
  /** @deprecated use `hub.admin.serveMetrics` */
  serveMetrics: HubAdmin['serveMetrics'];
  /** @deprecated use `hub.admin.exportShopper` */
  exportShopper: HubAdmin['exportShopper'];
  /** @deprecated use `hub.admin.eraseShopper` */
  eraseShopper: HubAdmin['eraseShopper'];
  /** @deprecated use `hub.admin.applyRetention` */
  applyRetention: HubAdmin['applyRetention'];
  /** @deprecated use `hub.admin.draftKnowledgeEntry` */
  draftKnowledgeEntry: HubAdmin['draftKnowledgeEntry'];
  /** @deprecated use `hub.admin.knowledgeDrafts` */
  knowledgeDrafts: HubAdmin['knowledgeDrafts'];
  /** @deprecated use `hub.admin.tickets` */
  tickets: HubAdmin['tickets'];
}

/**
 * Creates a hub: the WebSocket server shoppers' widgets and agents' consoles connect to.
 * This is the composition root: it builds the graph once (conversations, dispatcher, presence,
 * the socket edge, the admin surface), owns the HTTP servers, and shuts it all down in order.
 * It is longer than our functions usually are on purpose: the whole graph reads in one place,
 * and every behaviour it wires lives in its own module (`ws-edge.ts`, `admin.ts`, …).
 * @example
 * const hub = createHub({
 *   sites: [{ key: 'demo', origins: ['https://shop.example'] }],
 *   agents: [{ id: 'a1', name: 'Mei', token: process.env.AGENT_TOKEN!, groups: ['default'] }],
 *   answer: async (q) => (/退货|return/i.test(q.text) ? { content: [{ kind: 'text', text: '7 天无理由退货' }], confidence: 0.9 } : null),
 * });
 * const { url } = await hub.listen({ port: 8080 });
 */
export function createHub(options: HubOptions): Hub {
  const resolved = resolveCheckedHubOptions(options);
  // During an outage every frame fails the same way: repeats are counted, not each written.
  const faults = throttleFaults(resolved.logger, resolved.clock);
  const o = { ...resolved, logger: faults.logger };
  const { logger, clock } = o;
  const events = createEmitter<HubEvents>((error) =>
    logger.log('error', 'listener.threw', { error: error instanceof Error ? error.message : String(error) }),
  );
  const reportError = (error: unknown, where: string) => {
    const message = error instanceof Error ? error.message : String(error);
    // A store that is away is told apart from a bug, in the log and the event alike.
    const unavailable = isStoreUnavailable(error) ? { unavailable: true as const } : {};
    logger.log('error', 'hub.fault', { where, error: message, ...unavailable });
    events.emit('error', { code: 'internal', message: `${where}: ${message}`, ...unavailable });
  };
  // One pass, bottom up. Routing and presence call back into the conversation service only once
  // the hub runs, so they reach it through `() => conversations`, assigned right below them.
  let conversations: Conversations;
  const dispatcher = new Dispatcher(
    { ...o.routing, defaultCapacity: o.policy.defaultCapacity },
    clock,
    o.ids,
    dispatchHooks(
      events,
      () => conversations,
      (nodeId) => presence.nodeGone(nodeId),
    ),
    o.bus,
    o.store,
  );
  const presence = new ShopperPresence({
    nodeId: dispatcher.nodeId,
    bus: o.bus,
    clock,
    causedHere: (id) => conversations.republishInbox(id),
    onError: (what, error) => reportError(error, what),
  });
  const staffing = (group: string) => dispatcher.isStaffed(group);
  const isStaffed = o.routing.ticketWhenUnstaffed === false ? undefined : staffing;
  const merchantRoute = o.route;
  // A merchant's router is told who is online (`ctx.isStaffed`), as the default one is: one that
  // calls `createRouter` then overflows or makes a ticket instead of queueing where nobody serves.
  // The default router always knows, so it overflows to the default group even when it may not
  // make tickets: without it, a group nobody serves kept its shoppers for ever.
  const route: RoutePlugin = !merchantRoute
    ? createRouter({
        ...o.routing.router,
        clock,
        isStaffed: staffing,
        ...(o.routing.ticketWhenUnstaffed === false ? { ticketWhenUnstaffed: false } : {}),
      })
    : isStaffed
      ? (input, ctx) => merchantRoute(input, Object.assign(ctx, { isStaffed }))
      : merchantRoute;
  const assistant = createAssistant({ minConfidence: o.policy.assistConfidence, ...o.assist });
  const servers: Server[] = [];
  const webhooks = createWebhookService({
    options: o.webhooks,
    store: o.store,
    clock,
    ids: o.ids,
    owner: dispatcher.nodeId,
    // A subscription must not make the hub call itself: the ports it serves on are refused.
    hubPorts: () =>
      servers.flatMap((s) => {
        const address = s.address();
        return address && typeof address === 'object' ? [address.port] : [];
      }),
    onError: (what, error) => reportError(error, what),
    logger,
  });
  // Proactive messages ride on the conversation service and routing's durable timers and tickets;
  // the service asks it about the payloads of its buttons ("stop these updates").
  const proactive = createProactiveApi({ o, conversations: () => conversations, dispatcher, reportError });
  const library = o.images
    ? createImageLibrary({
        blobStore: o.images.blobStore,
        secret: o.images.secret,
        clock,
        ids: o.ids,
        urlTtlMs: o.images.urlTtlMs,
        intake: { maxBytes: o.images.maxBytes, maxPixels: o.images.maxPixels },
        decodes: createDecodeQueue(clock, {
          concurrency: o.images.maxConcurrentDecodes,
          maxWaiting: o.images.maxWaitingDecodes,
          maxWaitMs: o.images.decodeWaitMs,
        }),
      })
    : undefined;
  conversations = new Conversations(o, events, {
    ...(library ? { images: library } : {}),
    dispatcher,
    presence,
    route,
    assistant,
    webhooks: webhooks.outbox,
    payloads: proactive.handlePayload,
  });
  const made = conversations;
  o.pluginFailures.report = (plugin, error, id) => made.pluginFailed(plugin, error, id);
  const ops = agentActions(conversations);
  // After a restart, conversations that were waiting wait again, in their order.
  // A bus that never reached its server fails listen() with its error (the hub cannot work).
  const busReady = Promise.resolve(o.bus.ready?.());
  const restored = busReady.then(() =>
    dispatcher
      .start()
      .then(() => presence.start())
      .then(() => o.store.listConversations({ statuses: ['queued'] }))
      .then((queued) => dispatcher.restore(queued))
      .then(() => webhooks.start())
      .catch((error) => reportError(error, 'restore queue')),
  );
  restored.catch(() => {});
  // The knowledge base's editor, and learning from traffic into it: the back office and the
  // supervisors' consoles share both.
  const editor = o.knowledgeBase ? createKnowledgeEditor(o.knowledgeBase) : undefined;
  const knowledge =
    editor && o.knowledgeBase
      ? {
          editor,
          learning: createKnowledgeLearning({
            store: o.store,
            clock,
            ids: o.ids,
            engine: o.knowledgeBase.engine,
            editor,
            events,
            flushEvents: () => conversations.flushEvents(),
            reportError,
          }),
        }
      : undefined;
  const shopperLimits = new ShopperLimits(o.limits, clock);
  // One per node, for the WebSocket's agent hellos and the upload route's agent tokens alike.
  const signInThrottle = createSignInThrottle(clock, o.signIn);
  const edge = createWsEdge({
    o,
    conversations,
    presence,
    shopperLimits,
    signInThrottle,
    ops,
    events,
    // Frames arrive only once the hub listens, after the admin below is built.
    knowledge: () => admin,
    reportError,
  });
  const { admin, stop: stopAdmin } = createHubAdmin({
    o,
    conversations,
    ops,
    dispatcher,
    edge,
    webhooks: webhooks.admin,
    ...(knowledge ? { knowledge } : {}),
    reportError,
    markErasing: proactive.markErasing,
  });
  const images =
    library && o.images
      ? createImageRoutes({
          o,
          library,
          signInThrottle,
          maxBytes: o.images.maxBytes,
          consoleOrigins: o.images.consoleOrigins,
          erasing: proactive.erasing,
        })
      : undefined;
  const http = createHttpApi({
    admin,
    proactive: proactive.api,
    options: o.http,
    clock,
    logger,
    reportError,
    trustProxy: o.trustProxy,
    raw: images,
    uploadOrigins: (origin) => [...o.sites.values()].some((site) => originAllowed(site, origin)),
  });
  const unwatchers: (() => void)[] = [];
  // Events of the outage may be lost to this node's clients (a connected agent would never see a
  // shopper's stored message): each resumes from its last seq, reading the store.
  const stopResync = o.bus.onReconnect?.(() => {
    const { shoppers, agents } = edge.stats();
    logger.log('warn', 'bus.reconnected', { shoppers, agents });
    // Its own code: slow_consumer (4509) told shoppers their client reads too slowly. The close
    // code alone, as clients from before bus_outage cannot read an error frame carrying it.
    edge.closeConnections('bus_outage', 'the hub was cut off from its bus; reconnect and resume', undefined, {
      frame: false,
    });
  });
  if (stopResync) unwatchers.push(stopResync);
  let ownServer: Server | undefined;
  let closed: Promise<void> | undefined;

  function attach(server: Server): void {
    servers.push(server);
    unwatchers.push(edge.watch(server));
    server.on('upgrade', edge.handleUpgrade);
  }

  async function listen({ port = 0, host = '127.0.0.1' } = {}): Promise<{ port: number; url: string }> {
    await restored;
    const server = ownHttpServer(admin.serveMetrics, http, o.limits, edge.refuseRequest);
    ownServer = server;
    attach(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const bound = (server.address() as AddressInfo).port;
    logger.log('info', 'hub.listening', { port: bound, host });
    return { port: bound, url: `ws://${host}:${bound}` };
  }

  let waitingFor: string | undefined;
  /** Runs one shutdown step, remembering what it waits for (see `closing`). */
  async function step(what: string, run: () => Promise<unknown> | unknown): Promise<void> {
    waitingFor = what;
    await run();
  }

  async function shutdown(): Promise<void> {
    edge.stopAccepting();
    stopAdmin();
    for (const server of servers) server.off('upgrade', edge.handleUpgrade);
    for (const unwatch of unwatchers) unwatch();
    edge.closeConnections('server_shutdown', 'the hub is shutting down; reconnect and resume');
    await step('conversation writes', () => conversations.close());
    knowledge?.learning.stop();
    await step('knowledge learning', () => knowledge?.learning.idle());
    dispatcher.dispose();
    await step('state restore', () => restored.catch(() => {}));
    await step('webhook deliveries', () => webhooks.stop());
    presence.dispose();
    await step('connections', () => edge.cut());
    if (ownServer) {
      const server = ownServer;
      server.closeAllConnections?.();
      await step('http server', () => new Promise<void>((resolve) => server.close(() => resolve())));
    }
    await step('event log', () => conversations.closeEventLog());
    if (o.ownsBus) await step('bus', () => o.bus.close());
    if (o.ownsStore) await step('store', () => o.store.close());
    faults.flush();
    waitingFor = undefined;
    logger.log('info', 'hub.closed', {});
  }

  return {
    listen,
    attach,
    handleUpgrade: edge.handleUpgrade,
    on: events.on,
    off: events.off,
    onlineAgents: () => dispatcher.online(),
    stats: edge.stats,
    admin,
    http,
    ...(images ? { images } : {}),
    ...proactive.api,
    close() {
      // Every caller waits for the same shutdown, however many times close is called.
      closed ??= shutdown();
      return closed;
    },
    closing: () => waitingFor,
    report: admin.report,
    metrics: admin.metrics,
    serveMetrics: admin.serveMetrics,
    exportShopper: admin.exportShopper,
    eraseShopper: admin.eraseShopper,
    applyRetention: admin.applyRetention,
    draftKnowledgeEntry: admin.draftKnowledgeEntry,
    knowledgeDrafts: admin.knowledgeDrafts,
    tickets: admin.tickets,
  };
}

/**
 * The server `listen` starts: WebSocket upgrades (attached), `/metrics`, the HTTP API, and a
 * 426 for anything else; a 429 on a connection over its address's limit. A request's headers must
 * arrive within `upgradeTimeoutMs` and the whole request within `requestTimeoutMs` (Node's defaults
 * wait minutes; one bound for both cut photo uploads from phones on slow links at 5 s), and Node
 * checks that every second rather than every 30. An answer the client reads nothing of for
 * `requestTimeoutMs` is cut, and so is a connection with more than a few answers under way
 * (`unread-answers.ts`). What Node refuses is answered as typed JSON.
 */
function ownHttpServer(
  serveMetrics: HubAdmin['serveMetrics'],
  http: HttpApi,
  limits: Pick<HubLimits, 'upgradeTimeoutMs' | 'requestTimeoutMs'>,
  refuse: WsEdge['refuseRequest'],
): Server {
  const timeouts = {
    headersTimeout: limits.upgradeTimeoutMs,
    // Node refuses a request timeout shorter than the headers'.
    requestTimeout: Math.max(limits.requestTimeoutMs, limits.upgradeTimeoutMs),
    connectionsCheckingInterval: Math.min(1000, limits.upgradeTimeoutMs),
  };
  // What a client that reads nothing can make the server hold: a few answers, for a while.
  const unread = createUnreadAnswersGuard({ unreadMs: limits.requestTimeoutMs });
  const server = createServer(timeouts, async (req, res) => {
    if (!unread(req, res)) return;
    // A connection over its address's limit gets a prompt 429, not the API.
    if (refuse(req, res)) return;
    if (requestUrl(req)?.pathname === '/metrics') {
      void serveMetrics(req, res);
      return;
    }
    if ((await http.handle(req, res)) || answerPrefixedPath(req, res)) return;
    res.writeHead(426, PLAIN_TEXT).end('Kefu hub: connect with a WebSocket\n');
  });
  server.on('clientError', answerClientError);
  return server;
}
