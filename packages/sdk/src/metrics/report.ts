import type { MetricsRow } from '@kefu/protocol';
import type { EventRecord } from '../store/store.ts';
import { type Dims, proactiveFacts } from './proactive-facts.ts';
import { type Fact, RowAccumulator } from './row-accumulator.ts';

export type GroupBy = 'group' | 'agent' | 'day';

export interface ReportOptions {
  from: number;
  to: number;
  groupBy?: GroupBy;
  /** Days are cut in this zone (default UTC). */
  timeZone?: string;
  /** A closed conversation counts as resolved at first contact unless it is reopened within this window (default 7 days). */
  fcrWindowMs?: number;
  /** When each order exception's ticket was resolved, by ticket id (for their resolution time). */
  ticketsResolvedAt?: ReadonlyMap<string, number>;
  /** Groups whose conversations count as after-sales (default `after-sale`). */
  afterSalesGroups?: readonly string[];
}

export interface Report {
  from: number;
  to: number;
  groupBy?: GroupBy;
  /** The IANA zone days were cut in (`timeZone`, UTC by default); `computeReport` always says. */
  timeZone?: string;
  total: MetricsRow;
  rows: MetricsRow[];
}

const DAY = 86_400_000;

/**
 * The rows of figures without the dimension: conversations only the bot handled, and per agent
 * also waits and SLA clocks before anyone took a conversation. (Every fact has a day.)
 */
export const NO_GROUP = '(no group)';
export const NO_AGENT = '(no agent)';

/**
 * Service metrics from the event log, each defined once here:
 * - **first response**: from the escalation (or the first assignment) to the first agent message; the responding agent's.
 * - **handling**: from assignment to the agent's release (close, transfer, handback, requeue), per agent.
 * - **queue wait**: from entering the queue to assignment.
 * - **first-contact resolution**: share of closed conversations not reopened within `fcrWindowMs` (7 days);
 *   closing one again after such a reopen is the same contact, not another closed conversation.
 * - **CSAT**: mean rating (1–5) and the share of 4s and 5s.
 * - **bot containment**: share of conversations with a shopper message that never reached a person.
 * - **SLA breach rate**: breached ÷ (met + breached) response timers.
 * - **transfer rate**: the share of the conversations that reached an agent that were transferred
 *   (once each, however often); per group or agent, of the conversations the row's group or agent
 *   held, those it passed on. The count is of transfers, in the row of whoever transferred.
 * - **QA score**: 100 × (1 − agent messages with a violation ÷ agent messages inspected).
 * - **bot**: answers the bot gave, and the shoppers' "helpful" / "not helpful" on them;
 *   **bot failures**: conversations in which a bot turn failed for good (a `bot.failed` event,
 *   handed to people), once each however many turns failed, on the day of the first failure.
 * - **proactive** and **photos**: notifications, contacts after them, order exceptions,
 *   self-service actions, after-sales without a person, photo conversations (`proactive-facts.ts`).
 * A conversation counts in the window when it was created in it, in the row of the group and agent
 * it ended with (so per-group and per-agent rows add up to the total), the bot's answers in it too;
 * durations when they end in it. Facts without a group or agent are in the {@link NO_GROUP} /
 * {@link NO_AGENT} row (conversations only the bot handled).
 * @example
 * const report = computeReport(await store.listEvents({ from, to }), { from, to, groupBy: 'agent' });
 */
export function computeReport(events: readonly EventRecord[], options: ReportOptions): Report {
  const report = createReportBuilder(options);
  report.add(events);
  return report.finish();
}

/** A report built a batch of conversations at a time: `computeReport` in bounded memory. */
export interface ReportBuilder {
  /**
   * Adds conversations: `events` holds every event of each conversation in it that the report
   * reads (a conversation split over two calls would count twice). `ticketsResolvedAt`: for
   * this batch's order exceptions (default: the options').
   */
  add(events: readonly EventRecord[], batch?: { ticketsResolvedAt?: ReadonlyMap<string, number> }): void;
  finish(): Report;
}

/**
 * The report, summed as conversations are added: it keeps per-row counts and durations, not
 * the events or the facts (`row-accumulator.ts`).
 * @example
 * const report = createReportBuilder({ from, to, groupBy: 'agent' });
 * for (const ids of batches) report.add(await store.listEvents({ conversationIds: ids, from, to }));
 * report.finish();
 */
export function createReportBuilder(options: ReportOptions): ReportBuilder {
  // Long on purpose: one pass over a conversation's events builds its facts; each metric's
  // definition is a short step inside it.
  const { from, to, groupBy } = options;
  const timeZone = options.timeZone ?? 'UTC';
  const dayOf = dayFormatter(timeZone);
  const fcrWindowMs = options.fcrWindowMs ?? 7 * DAY;
  const inWindow = (at: number) => at >= from && at < to;
  const total = new RowAccumulator();
  const keyed = new Map<string, RowAccumulator>();
  // `only`: a fact for the total alone or for the rows alone (the transfer rate's shares).
  const put = (fact: Fact, only?: 'total' | 'rows') => {
    if (only !== 'rows') total.add(fact);
    if (!groupBy || only === 'total') return;
    const key = fact.dims[groupBy] ?? (groupBy === 'agent' ? NO_AGENT : NO_GROUP);
    const row = keyed.get(key) ?? new RowAccumulator();
    keyed.set(key, row);
    row.add(fact);
  };
  const add: ReportBuilder['add'] = (events, batch = {}) => {
    const ticketsResolvedAt = batch.ticketsResolvedAt ?? options.ticketsResolvedAt ?? new Map();
    const byConversation = new Map<string, EventRecord[]>();
    for (const e of events) {
      const list = byConversation.get(e.conversationId) ?? [];
      byConversation.set(e.conversationId, list);
      list.push(e);
    }
    for (const list of byConversation.values()) {
      const facts: Fact[] = [];
      list.sort((a, b) => a.at - b.at);
      let group: string | undefined;
      let waitingSince: number | undefined;
      let responded = false;
      let escalated = false;
      let shopperWrote = false;
      let createdAt: number | undefined;
      let lastAgent: string | undefined;
      // When an agent last let it go: a wait after that (a requeue) starts there, whereas the
      // recorded `waitedMs` runs from the first queueing (which keeps the shopper's place in line).
      let releasedAt: number | undefined;
      // Who held it and who passed it on (the rows of the transfer rate), and whether a closing
      // after a reopen within the FCR window continues a contact already judged unresolved.
      const held: Dims[] = [];
      const passedOn: Dims[] = [];
      let reopenedAfterClose = false;
      let lastClosedAt: number | undefined;
      const assignedAt = new Map<string, number>();
      // The bot's answers and the shoppers' verdicts on them go in the conversation's row (placed
      // once its final group and agent are known), dated when they happened: counted at the time,
      // the answers before a hand-over made a "(none)" row of nothing but bot figures.
      // `helpful` set: a verdict; unset: an answer.
      const botFacts: { at: number; helpful?: boolean }[] = [];
      // A shopper's last verdict on an answer is the one that counts (they may change their mind).
      const feedbackFact = new Map<unknown, number>();
      // When the bot first failed for good in the window: the conversation counts once.
      let botFailedAt: number | undefined;
      for (const e of list) {
        const dims = (agent?: string): Dims => ({ group, agent, day: dayOf(e.at) });
        switch (e.kind) {
          case 'conversation.created':
            createdAt = e.at;
            break;
          case 'escalated':
            group = e.group ?? group;
            escalated = true;
            waitingSince ??= e.at;
            break;
          case 'assigned': {
            group = e.group ?? group;
            escalated = true;
            waitingSince ??= e.at;
            if (e.agentId) {
              assignedAt.set(e.agentId, e.at);
              lastAgent = e.agentId;
              held.push(dims(e.agentId));
            }
            const recorded = typeof e.data?.waitedMs === 'number' ? e.data.waitedMs : undefined;
            const waited =
              recorded === undefined || releasedAt === undefined
                ? recorded
                : Math.min(recorded, e.at - releasedAt);
            if (waited !== undefined && inWindow(e.at))
              facts.push({ metric: 'queueWait', dims: dims(e.agentId), ms: waited });
            break;
          }
          case 'message':
            if (e.data?.authorKind === 'shopper') shopperWrote = true;
            if (e.data?.authorKind === 'agent' && !responded && waitingSince !== undefined) {
              responded = true;
              if (inWindow(e.at))
                facts.push({ metric: 'firstResponse', dims: dims(e.agentId), ms: e.at - waitingSince });
            }
            break;
          case 'released':
          case 'closed': {
            const agent = e.agentId;
            if (e.kind === 'released') releasedAt = e.at;
            const since = agent ? assignedAt.get(agent) : undefined;
            // Closed as abandoned: days that were nobody's work, and nothing resolved.
            const abandoned = e.data?.abandoned === true;
            if (agent && since !== undefined) {
              assignedAt.delete(agent);
              if (inWindow(e.at) && !abandoned)
                facts.push({ metric: 'handling', dims: dims(agent), ms: e.at - since });
            }
            const sameContact = reopenedAfterClose;
            if (e.kind === 'closed') {
              reopenedAfterClose = false;
              lastClosedAt = e.at;
            }
            if (e.kind === 'closed' && !abandoned && !sameContact && inWindow(e.at)) {
              facts.push({ metric: 'fcrClosed', dims: dims(agent ?? lastAgent) });
              const reopened = list.some(
                (r) => r.kind === 'reopened' && r.at > e.at && r.at - e.at <= fcrWindowMs,
              );
              if (!reopened) facts.push({ metric: 'fcrResolved', dims: dims(agent ?? lastAgent) });
            }
            break;
          }
          case 'reopened':
            if (lastClosedAt !== undefined && e.at - lastClosedAt <= fcrWindowMs) reopenedAfterClose = true;
            responded = false;
            waitingSince = undefined;
            break;
          case 'transferred':
            passedOn.push(dims(e.agentId));
            if (inWindow(e.at)) facts.push({ metric: 'transfer', dims: dims(e.agentId) });
            break;
          case 'csat':
            if (typeof e.data?.rating === 'number' && inWindow(e.at))
              facts.push({ metric: 'csat', dims: dims(e.agentId ?? lastAgent), rating: e.data.rating });
            break;
          case 'sla':
            if ((e.data?.metric === 'first_response' || e.data?.metric === 'next_response') && inWindow(e.at))
              facts.push({ metric: 'sla', dims: dims(e.agentId), breached: e.data.outcome === 'breach' });
            break;
          case 'qa':
            if (inWindow(e.at))
              facts.push({
                metric: 'qa',
                dims: dims(e.agentId),
                violations: Number(e.data?.violations ?? 0),
              });
            break;
          case 'bot.answer':
            if (inWindow(e.at)) botFacts.push({ at: e.at });
            break;
          case 'bot.failed':
            if (inWindow(e.at)) botFailedAt ??= e.at;
            break;
          case 'feedback': {
            if (!inWindow(e.at)) break;
            const late = { at: e.at, helpful: e.data?.helpful === true };
            const earlier = feedbackFact.get(e.data?.seq);
            if (earlier === undefined) feedbackFact.set(e.data?.seq, botFacts.push(late) - 1);
            else botFacts[earlier] = late;
            break;
          }
        }
      }
      // A conversation and everything counted per conversation (photos, containment) go in one row:
      // the group and agent it ended with, the day it began. So rows add up to the total, and a photo
      // routed to after-sales is in the after-sales row with its conversation. (The transfer rate's
      // shares are per group or agent that held it: see putTransferShares.)
      const conversationDims: Dims | undefined =
        createdAt === undefined ? undefined : { group, agent: lastAgent, day: dayOf(createdAt) };
      for (const { at, helpful } of botFacts) {
        const dims = { group, agent: lastAgent, day: dayOf(at) };
        facts.push(
          helpful === undefined ? { metric: 'botAnswer', dims } : { metric: 'feedback', dims, helpful },
        );
      }
      if (botFailedAt !== undefined)
        facts.push({ metric: 'botFailure', dims: { group, agent: lastAgent, day: dayOf(botFailedAt) } });
      facts.push(
        ...proactiveFacts(list, {
          inWindow,
          dims: (at) => ({ group, agent: lastAgent, day: dayOf(at) }),
          ...(conversationDims ? { conversationDims } : {}),
          ticketsResolvedAt,
          afterSalesGroups: options.afterSalesGroups ?? ['after-sale'],
        }),
      );
      if (createdAt !== undefined && conversationDims && inWindow(createdAt)) {
        const dims = conversationDims;
        facts.push({ metric: 'conversation', dims });
        if (shopperWrote) {
          facts.push({ metric: 'shopperConversation', dims });
          if (!escalated) facts.push({ metric: 'contained', dims });
        }
      }
      for (const fact of facts) put(fact);
      if (createdAt !== undefined && conversationDims && inWindow(createdAt) && lastAgent)
        putTransferShares(conversationDims, held, passedOn, put, groupBy);
    }
  };
  return {
    add,
    finish() {
      const all = total.result('all');
      if (!groupBy) return { from, to, timeZone, total: all, rows: [] };
      const rows = [...keyed].map(([key, row]) => row.result(key)).sort((a, b) => a.key.localeCompare(b.key));
      return { from, to, groupBy, timeZone, total: all, rows };
    },
  };
}

/**
 * The transfer rate's facts for one conversation that reached an agent: in the total, it was held
 * and maybe passed on, once each; in the rows, once per group or agent that held it and once per
 * one that passed it on. So no rate is over 1, however often it went back and forth.
 */
function putTransferShares(
  conversation: Dims,
  held: readonly Dims[],
  passedOn: readonly Dims[],
  put: (fact: Fact, only?: 'total' | 'rows') => void,
  groupBy: GroupBy | undefined,
): void {
  put({ metric: 'heldConversation', dims: conversation }, 'total');
  if (passedOn.length > 0) put({ metric: 'passedOnConversation', dims: conversation }, 'total');
  if (!groupBy) return;
  // Days: the conversation's day, as for its other per-conversation figures.
  const once = (list: readonly Dims[], metric: 'heldConversation' | 'passedOnConversation') => {
    const keys = new Set(list.map((d) => (groupBy === 'day' ? conversation.day : d[groupBy])));
    for (const key of keys) put({ metric, dims: { ...conversation, [groupBy]: key } }, 'rows');
  };
  once(groupBy === 'day' ? [conversation] : held, 'heldConversation');
  once(groupBy === 'day' ? (passedOn.length ? [conversation] : []) : passedOn, 'passedOnConversation');
}

function dayFormatter(timeZone: string): (at: number) => string {
  // en-CA formats dates as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (at) => format.format(at);
}
