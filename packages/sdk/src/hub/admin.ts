import type { IncomingMessage, ServerResponse } from 'node:http';
import { KefuError } from '@kefu/protocol';
import type { AgentActions } from '../conversation/agent-actions.ts';
import { type ConversationsAdmin, createConversationsAdmin } from '../conversation/back-office.ts';
import type { Conversations } from '../conversation/conversations.ts';
import type { KnowledgeDraft } from '../conversation/learning.ts';
import { checkKnowledgeBaseAsync, type KnowledgeBaseReport } from '../faq/check-knowledge-base.ts';
import { type KnowledgeEditor, NO_KNOWLEDGE_BASE } from '../faq/knowledge-editor.ts';
import { PLAIN_TEXT } from '../http/api-error.ts';
import { presenter } from '../images/image-library.ts';
import type {
  DecidedProposal,
  KnowledgeLearning,
  KnowledgeProposal,
  ProposalDecision,
} from '../learning/knowledge-learning.ts';
import { reportToPrometheus } from '../metrics/export-formats.ts';
import type { GroupBy, Report } from '../metrics/report.ts';
import type { Dispatcher } from '../routing/dispatcher.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { Ticket } from '../seams/tickets.ts';
import type { TicketFilter } from '../store/store.ts';
import type { WebhookAdmin } from '../webhooks/webhook-admin.ts';
import { type ApiKeys, createApiKeys } from './api-keys.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { createMetricsAccess, type MetricsVerdict } from './metrics-access.ts';
import {
  applyRetention,
  type EraseConversation,
  eraseShopper,
  exportShopper,
  forgetErased,
  hubEraser,
  resolveShopperId,
  type ShopperExport,
  type ShopperRef,
} from './privacy.ts';
import { checkReadiness, type Readiness, sharedReadiness, watchReadiness } from './readiness.ts';
import { repeatEvery } from './repeating-timer.ts';
import { createSessionEnder } from './session-ender.ts';
import type { WsEdge } from './ws-edge.ts';

export { NO_KNOWLEDGE_BASE } from '../faq/knowledge-editor.ts';

/** The merchant's back office on a hub: figures, tickets, learning, and the shopper's data rights. */
export interface HubAdmin {
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
  /**
   * Ends a shopper's sessions on the hub (the merchant's logout): session tokens issued until now
   * are refused from now on, so a browser that kept one continues as an anonymous device, and
   * their open connections close on every node. Erasure does this too.
   * @example
   * await hub.admin.endSessions({ siteKey: 'my-shop', userId: '42' }); // when user 42 logs out of the shop
   */
  endSessions(ref: ShopperRef): Promise<void>;
  /**
   * Signs an agent out of every console they have open, on every node (their conversations go
   * back to the queue after `routing.agentGraceMs`, as when they close the tab). An agent is checked
   * only when they sign in: first make your `agents` function refuse them (or take them off the
   * list), or the console signs straight back in.
   * @example
   * await hub.admin.endAgentSessions('mei'); // Mei left the company; the SSO no longer signs her in
   */
  endAgentSessions(agentId: string): Promise<void>;
  /**
   * Closes as abandoned the conversations idle for `idleMs` (default: `abandonment.idleDays`) now;
   * it also runs on its own every `abandonment.everyMs`.
   */
  closeAbandoned(idleMs?: number): Promise<{ closed: number }>;
  /** Runs the retention job now (it also runs on its own with `retention.closedDays`). */
  applyRetention(maxAgeMs?: number): Promise<{ erased: number; profiles: number }>;
  /** Learning from agents: drafts a knowledge-base entry from an agent's reply (message `seq`) and the question before it. */
  draftKnowledgeEntry(conversationId: string, seq: number): Promise<KnowledgeDraft>;
  /** Drafted entries waiting for the merchant's approval. */
  knowledgeDrafts(range?: { from?: number; to?: number }): Promise<KnowledgeDraft[]>;
  /**
   * Tickets (L3 problems, contacts outside office hours), oldest first, from the store: every
   * node sees the same ones, and they outlive restarts.
   * @example
   * const overdue = (await hub.admin.tickets({ statuses: ['open'] })).filter((t) => t.deadlines.some((d) => d.overdue));
   */
  tickets(filter?: TicketFilter): Promise<Ticket[]>;
  /**
   * Webhook subscriptions, the delivery log, dead letters and redelivery (see docs/webhooks.md).
   * @example
   * const { secret } = await hub.admin.webhooks.subscribe({ url: 'https://crm.example/kefu', events: ['conversation.closed'] });
   */
  readonly webhooks: WebhookAdmin;
  /** Conversations (list, read, post, close, tags) and tickets (create, update) from the back office. */
  readonly conversations: ConversationsAdmin;
  /**
   * The HTTP API's keys, kept hashed in the store.
   * @example
   * const { key } = await hub.admin.apiKeys.create({ name: 'crm', scopes: ['read', 'write'] }); // shown once
   */
  readonly apiKeys: ApiKeys;
  /** The knowledge base, when the hub was given one (`options.knowledgeBase`). */
  readonly knowledge: KnowledgeEditor | undefined;
  /**
   * Approves a waiting knowledge draft (it becomes an entry of `knowledge`, id = the draft's) or
   * rejects it; either way it stops waiting.
   */
  reviewKnowledgeDraft(draftId: string, verdict: 'approved' | 'rejected'): Promise<KnowledgeDraft>;
  /**
   * Learning from traffic: questions the bot missed (declined, a "did you mean" not taken, an answer
   * marked not helpful) that an agent then answered, grouped into proposals, most asked first.
   * `not_found` without a knowledge base.
   * @example
   * for (const p of await hub.admin.knowledgeProposals()) console.log(p.count, p.questions[0]?.text, p.kind);
   */
  knowledgeProposals(): Promise<KnowledgeProposal[]>;
  /**
   * Approves a proposal (optionally edited; the knowledge base changes at once, no restart) or
   * rejects it. `not_found` when it is not waiting.
   * @example
   * await hub.admin.decideKnowledgeProposal(id, { verdict: 'approve', answer: '可以，顺丰 3 天到香港' });
   */
  decideKnowledgeProposal(proposalId: string, decision: ProposalDecision): Promise<DecidedProposal>;
  /**
   * The knowledge-base doctor (`checkKnowledgeBase`) on the live knowledge base, run in slices beside
   * the hub's work and kept until the knowledge base changes. `not_found` without one.
   */
  checkKnowledge(): Promise<KnowledgeBaseReport>;
  /** Agents online anywhere in the cluster, and per group how many are online and how many conversations wait. */
  presence(): AgentsPresence;
  /** Whether the store (reachable, migrations applied) and the bus answer: what `/readyz` reports. */
  ready(): Promise<Readiness>;
}

/** Who is online, per group. */
export interface AgentsPresence {
  agents: { id: string; name: string; groups: string[]; supervisor: boolean }[];
  /** Queue counts are this node's view (every node keeps the cluster's queue). */
  groups: Record<string, { online: number; queued: number }>;
}

export interface HubAdminDeps {
  o: ResolvedHubOptions;
  conversations: Conversations;
  ops: Pick<AgentActions, 'send'>;
  /** This node's routing state, for the live gauges, and the ticket desk. */
  dispatcher: {
    queueSizes(): Record<string, number>;
    online(): AgentProfile[];
    breachRateNow(): number;
    ticketAction: Dispatcher['ticketAction'];
    moveTicket: Dispatcher['moveTicket'];
  };
  edge: Pick<WsEdge, 'stats' | 'closeConnections'>;
  webhooks: WebhookAdmin;
  /** The knowledge base and learning from traffic, when the hub has a knowledge base. */
  knowledge?: { editor: KnowledgeEditor; learning: KnowledgeLearning };
  reportError: (error: unknown, where: string) => void;
  /** Marks a shopper as being erased, before the erasure (the proactive service's guard). */
  markErasing?: (shopper: { siteKey: string; shopperId: string }) => Promise<void>;
}

/**
 * Builds the admin surface, starts the retention job when `retention.closedDays` is set, and
 * listens for other nodes' erasures (this node forgets those conversations too); `stop` ends
 * both (at shutdown).
 * @example
 * const { admin, stop } = createHubAdmin({ o, conversations, dispatcher, edge, reportError });
 * await admin.exportShopper({ siteKey: 'my-shop', userId: '42' });
 */
export function createHubAdmin(deps: HubAdminDeps): { admin: HubAdmin; stop: () => void } {
  const { o, conversations, edge } = deps;
  const { clock, logger } = o;
  /**
   * A data request names a site this hub serves, or one it no longer serves but still holds
   * conversations of (an erasure must still reach those): a mistyped key answered "0 erased" looked
   * like a completed privacy request.
   */
  async function requireSiteOf(ref: ShopperRef): Promise<void> {
    if (o.sites.has(ref.siteKey)) return;
    if ((await o.store.listConversations({ siteKey: ref.siteKey, limit: 1 })).length > 0) return;
    const known = [...o.sites.keys()].map((key) => JSON.stringify(key)).join(', ');
    throw new KefuError(
      'not_found',
      `no site ${JSON.stringify(ref.siteKey)} on this hub (its sites: ${known})`,
    );
  }
  const watchReady = watchReadiness(logger, () => clock.now());
  // An erasure waits for what is in flight on the conversation; then every node forgets it.
  const erase: EraseConversation = hubEraser(o.bus, () => conversations, deps.knowledge?.learning);
  const forgetting = forgetErased(o.bus, (id) => conversations.forget(id)).catch((error: unknown) => {
    deps.reportError(error, 'erasures');
    return undefined;
  });
  // A job on the hub's clock whose failure is reported, not thrown: the next run tries again.
  const every = (where: string, everyMs: number, job: () => Promise<void>) =>
    repeatEvery(clock, everyMs, async () => {
      try {
        await job();
      } catch (error) {
        deps.reportError(error, where);
      }
    });
  const retentionMs = o.retention?.closedDays === undefined ? undefined : o.retention.closedDays * 86_400_000;
  const stopRetention =
    retentionMs === undefined
      ? () => {}
      : every('retention', o.retention?.everyMs ?? 3_600_000, async () => {
          const r = await applyRetention(o.store, retentionMs, clock.now(), erase);
          if (r.erased > 0) logger.log('info', 'retention.erased', { conversations: r.erased });
        });
  const abandonment = o.abandonment;
  const stopAbandonment = abandonment
    ? every('abandonment', abandonment.everyMs, async () => {
        const r = await conversations.closeAbandoned(abandonment.idleMs);
        if (r.closed > 0) logger.log('info', 'conversations.abandoned', { conversations: r.closed });
      })
    : () => {};
  // One readiness check for /readyz and /metrics' `kefu_store_up` / `kefu_bus_up`: they cannot disagree.
  const ready = sharedReadiness(async () =>
    watchReady(await checkReadiness({ store: o.store, bus: o.bus, clock, timeoutMs: o.http.readyTimeoutMs })),
  );
  const metrics = () => metricsText(deps, ready);
  const sessions = createSessionEnder({ o, edge, reportError: deps.reportError });
  const metricsAccess = createMetricsAccess({ token: o.metrics.token, trustProxy: o.trustProxy });
  const { keys: apiKeys, seeded } = createApiKeys({
    store: o.store,
    clock,
    ids: o.ids,
    seed: o.http.apiKeys,
  });
  seeded.catch((error: unknown) => deps.reportError(error, 'api key seeds'));
  const knowledge = deps.knowledge?.editor;
  /** The doctor's report of one revision of the knowledge base, shared by every request for it. */
  let doctor: { revision: number; report: Promise<KnowledgeBaseReport> } | undefined;
  const learning = () => {
    if (!deps.knowledge) throw new KefuError('not_found', NO_KNOWLEDGE_BASE);
    return deps.knowledge;
  };

  const admin: HubAdmin = {
    report: (options) => conversations.report(options),
    metrics,
    serveMetrics: async (req, res) => {
      // A scrape reads; anything else (a form posting here, say) is told so rather than served.
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', ...PLAIN_TEXT }).end('method not allowed\n');
        return;
      }
      await serveMetrics(deps, metrics, metricsAccess(req), res);
    },
    async exportShopper(ref) {
      await requireSiteOf(ref);
      return exportShopper(o.store, ref, clock.now(), presenter(conversations.images, ['image']));
    },
    async eraseShopper(ref) {
      await requireSiteOf(ref);
      // A session token kept in a browser must not bring the erased shopper back.
      await sessions.endSessions(ref, 'erased');
      const shopperId = resolveShopperId(ref);
      // Marked before anything is erased: a notification or order event racing the erasure takes
      // back what it writes (see erasure-guard.ts).
      await deps.markErasing?.({ siteKey: ref.siteKey, shopperId });
      // Their open tabs must not keep showing (or resending into) what was erased. On this site
      // only: another site's user of the same id is someone else (it closed their chat for good).
      edge.closeConnections(
        'forbidden',
        'this shopper was erased',
        (conn) => conn.role === 'shopper' && conn.shopperId === shopperId && conn.siteKey === ref.siteKey,
      );
      const result = await eraseShopper(o.store, ref, erase);
      logger.log('info', 'shopper.erased', { conversations: result.conversations });
      return result;
    },
    closeAbandoned: (idleMs) => {
      const idle = idleMs ?? abandonment?.idleMs;
      if (idle === undefined) throw new TypeError('closeAbandoned: pass idleMs or turn abandonment on');
      return conversations.closeAbandoned(idle);
    },
    applyRetention: (maxAgeMs) => {
      const age = maxAgeMs ?? retentionMs;
      if (age === undefined) throw new TypeError('applyRetention: pass maxAgeMs or set retention.closedDays');
      return applyRetention(o.store, age, clock.now(), erase);
    },
    draftKnowledgeEntry: (conversationId, seq) => conversations.draftKnowledgeEntry(conversationId, seq),
    knowledgeDrafts: (range) => conversations.knowledgeDrafts(range),
    tickets: (filter = {}) => o.store.listTickets(filter),
    endSessions: (ref) => sessions.endSessions(ref),
    endAgentSessions: (agentId) => sessions.endAgentSessions(agentId),
    conversations: createConversationsAdmin({ conversations, ops: deps.ops, dispatcher: deps.dispatcher }),
    apiKeys,
    knowledge,
    reviewKnowledgeDraft: (draftId, verdict) =>
      conversations.reviewKnowledgeDraft(draftId, verdict, async (draft) => {
        if (!knowledge) throw new KefuError('conflict', 'this hub has no knowledge base to add the draft to');
        const { id, question, answer, alternatives, tags } = draft;
        await knowledge.put({ id, question, answer, alternatives, tags });
      }),
    knowledgeProposals: () => learning().learning.proposals(),
    decideKnowledgeProposal: (proposalId, decision) => learning().learning.decide(proposalId, decision),
    checkKnowledge: () => {
      const { editor } = learning();
      if (doctor?.revision !== editor.revision) {
        const report = checkKnowledgeBaseAsync({ version: 1, entries: editor.entries() });
        doctor = { revision: editor.revision, report };
        // A failed run is not kept: the next request tries again.
        report.catch(() => {
          if (doctor?.report === report) doctor = undefined;
        });
      }
      return doctor.report;
    },
    presence: () => presence(deps.dispatcher),
    ready,
    webhooks: deps.webhooks,
  };
  const stop = () => {
    stopRetention();
    stopAbandonment();
    void sessions.stop();
    void forgetting.then((off) => off?.()).catch((error: unknown) => deps.reportError(error, 'erasures'));
  };
  return { admin, stop };
}

function presence(dispatcher: HubAdminDeps['dispatcher']): AgentsPresence {
  const groups: AgentsPresence['groups'] = {};
  const group = (name: string) => {
    groups[name] ??= { online: 0, queued: 0 };
    return groups[name];
  };
  const agents = dispatcher.online().map((a) => {
    for (const g of a.groups) group(g).online++;
    return { id: a.id, name: a.name, groups: [...a.groups], supervisor: a.supervisor === true };
  });
  for (const [g, queued] of Object.entries(dispatcher.queueSizes())) group(g).queued = queued;
  return { agents, groups };
}

/**
 * The last 24 h per group from the store, plus this node's live gauges and whether the store and
 * the bus are up, as Prometheus text. Rejects when the store's figures cannot be read.
 */
async function metricsText(
  { o, conversations, dispatcher, edge }: HubAdminDeps,
  ready: () => Promise<Readiness>,
): Promise<string> {
  const now = o.clock.now();
  // Started first, beside the reads: the check waits at most readyTimeoutMs, not after them.
  const readiness = ready();
  const report = await conversations.report({ from: now - 86_400_000, to: now + 1, groupBy: 'group' });
  const queued = dispatcher.queueSizes();
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
  const stats = edge.stats();
  const { checks } = await readiness;
  return reportToPrometheus(report, {
    up: { store: checks.store.ok, bus: checks.bus.ok },
    queued,
    agentsOnline,
    connections: { shoppers: stats.shoppers, agents: stats.agents },
    breachRate: dispatcher.breachRateNow(),
    tickets,
  });
}

/** Why `/metrics` refused, and the option that opens it: "forbidden" alone sends people guessing. */
const METRICS_FORBIDDEN =
  'forbidden: without a token, /metrics answers only direct requests from loopback (127.0.0.1, ::1) ' +
  'addressed as localhost or a loopback address, never through a proxy. To scrape it from elsewhere, set metrics.token (in the config, or ' +
  "createHub's metrics: { token }) and send Authorization: Bearer <token>.\n";

/**
 * Prometheus scrape endpoint. Business figures are not public: `verdict` is who may read them
 * (see `createMetricsAccess`).
 */
async function serveMetrics(
  { reportError }: HubAdminDeps,
  metrics: () => Promise<string>,
  verdict: MetricsVerdict,
  res: ServerResponse,
): Promise<void> {
  if (verdict === 'unauthorized') {
    res.writeHead(401, { ...PLAIN_TEXT, 'www-authenticate': 'Bearer' }).end('unauthorized\n');
    return;
  }
  if (verdict === 'forbidden') {
    res.writeHead(403, PLAIN_TEXT).end(METRICS_FORBIDDEN);
    return;
  }
  // The figures are read before the status is written: a store that fails the read must still
  // be answered (writing 200 first made that writeHead throw, which ended the process). 503, not
  // 500: the figures come from the store, so a failed read is the store away for now, and a
  // scraper (Prometheus marks the target down; it reads no figures from a non-2xx answer) retries.
  let body: string;
  try {
    body = await metrics();
  } catch (error) {
    reportError(error, 'metrics');
    res.writeHead(503, PLAIN_TEXT).end('the metrics could not be read\n');
    return;
  }
  // no-store, as the API's answers: a cache between the scraper and the hub must not keep the figures.
  res
    .writeHead(200, {
      ...PLAIN_TEXT,
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'cache-control': 'no-store',
    })
    .end(body);
}
