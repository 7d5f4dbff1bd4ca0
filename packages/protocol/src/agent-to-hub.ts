import * as z from 'zod/mini';
import { AgentContent } from './content.ts';
import {
  AgentKbCheck,
  AgentKbDecide,
  AgentKbDelete,
  AgentKbEntries,
  AgentKbEntry,
  AgentKbProposals,
  AgentKbSave,
} from './knowledge-frames.ts';
import { LIMITS } from './limits.ts';
import { boundedString, clientFeatures, id, requestId, seq, timestamp, version } from './primitives.ts';
import { Ping } from './shopper-frames.ts';
import { storedText } from './stored-text.ts';

// ── agent → hub: what an agent's client sends (hub → agent frames: agent-frames.ts) ──

const conversationId = id;

export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export const AgentStatus = z.enum(AGENT_STATUSES);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const AgentHello = z.object({
  v: version,
  type: z.literal('hello'),
  id: requestId,
  role: z.literal('agent'),
  token: boundedString(LIMITS.maxTokenChars, 1),
  /** Status to take on connect; defaults to online. */
  status: z.optional(AgentStatus),
  /** What this client understands beyond v1's first release; see CLIENT_FEATURES. */
  features: z.optional(clientFeatures),
});

const onConversation = <K extends string, T extends z.core.$ZodLooseShape>(type: K, shape: T) =>
  z.object({ v: version, type: z.literal(type), id: requestId, conversationId, ...shape });

export const AgentStatusFrame = z.object({
  v: version,
  type: z.literal('status'),
  id: requestId,
  status: AgentStatus,
});
/** Take a queued conversation: atomic, so two agents can never both win. */
export const AgentAccept = onConversation('accept', {});
/**
 * Watch a conversation without taking it (supervisors; an agent re-opening one of their own).
 * With `lastSeq` (a reconnecting console) the snapshot holds the messages after it when they fit
 * one page (`limits.maxHistoryPage`); when more were missed, it holds the latest page as for a
 * join without `lastSeq`, and the console pages back with `history`.
 */
export const AgentJoin = onConversation('join', { lastSeq: z.optional(seq) });
export const AgentLeave = onConversation('leave', {});
/** `override`: send even though quality inspection warned about it (the warning is still scored). */
export const AgentSend = onConversation('send', {
  clientMsgId: id,
  content: AgentContent,
  override: z.optional(z.boolean()),
  /** The assist suggestion this message came from, so the hub can learn which ones help. */
  suggestion: z.optional(z.object({ kind: z.enum(['kb', 'canned']), id })),
  /**
   * Store it only while the conversation is the sender's own (assigned to them, or pending with
   * them), else `conflict` naming its owner: a reply written while it was theirs, re-sent after a
   * reconnect, never lands in a conversation a colleague took meanwhile (a supervisor's would).
   */
  asOwner: z.optional(z.boolean()),
});
export const AgentTyping = onConversation('typing', { on: z.boolean() });
export const AgentRead = onConversation('read', { seq });
/** Internal note: stored and shown to agents, never sent to the shopper. */
export const AgentNote = onConversation('note', {
  clientMsgId: id,
  text: storedText(LIMITS.maxNoteChars, 1),
});
export const AgentTransfer = onConversation('transfer', {
  to: z.union([
    z.strictObject({ agentId: id }),
    z.strictObject({ group: storedText(LIMITS.maxNameChars, 1) }),
  ]),
  note: z.optional(storedText(LIMITS.maxNoteChars, 1)),
});
/**
 * Hand a waiting conversation (queued, or a ticket nobody owns) to a colleague: a supervisor to
 * any online agent, an agent whose profile allows it (`mayAssign`) to one of the conversation's
 * group. `force` (supervisors only) assigns past the colleague's capacity; nobody can assign to
 * an agent who is not online. Answered by `ok`.
 */
export const AgentAssign = onConversation('assign', {
  agentId: id,
  force: z.optional(z.boolean()),
  note: z.optional(storedText(LIMITS.maxNoteChars, 1)),
});
/** Wait on the shopper or a follow-up until `dueAt`; the hub alerts the agent then. */
export const AgentPending = onConversation('pending', {
  dueAt: timestamp,
  note: z.optional(storedText(LIMITS.maxNoteChars, 1)),
});
/** Work the conversation's ticket: open one, report progress or a workaround, resolve it. */
export const TICKET_ACTIONS = ['create', 'progress', 'workaround', 'resolve'] as const;
export const AgentTicket = onConversation('ticket', {
  action: z.enum(TICKET_ACTIONS),
  /** Shown to the shopper as the ticket's latest update (progress, workaround, resolve). */
  note: z.optional(storedText(LIMITS.maxTitleChars, 1)),
});
/** Replaces the conversation's tags. */
export const AgentTags = onConversation('tags', {
  tags: z.array(storedText(40, 1)).check(z.maxLength(20)),
});
/** Give the conversation back to the bot. */
export const AgentHandback = onConversation('handback', {});
export const AgentClose = onConversation('close', {
  resolution: z.optional(storedText(LIMITS.maxNameChars, 1)),
});
export const AgentHistory = onConversation('history', {
  before: seq,
  limit: z.optional(z.int().check(z.gte(1), z.lte(LIMITS.maxHistoryPage))),
});

/** The next page of the shopper's earlier conversations: those created before `before`. */
export const AgentEarlier = onConversation('earlier', { before: timestamp });

/** Supervisors: the service metrics between two times, in total and per group, agent or day. */
export const AgentReport = z.object({
  v: version,
  type: z.literal('report'),
  id: requestId,
  from: timestamp,
  to: timestamp,
  groupBy: z.optional(z.enum(['group', 'agent', 'day'])),
});

/** The colleagues online now, anywhere in the cluster: whom a transfer to a person can reach. */
export const AgentAgentsOnline = z.object({ v: version, type: z.literal('agents.online'), id: requestId });

export const AgentToHub = z.discriminatedUnion('type', [
  AgentHello,
  AgentStatusFrame,
  AgentAccept,
  AgentJoin,
  AgentLeave,
  AgentSend,
  AgentTyping,
  AgentRead,
  AgentNote,
  AgentTransfer,
  AgentAssign,
  AgentHandback,
  AgentClose,
  AgentHistory,
  AgentEarlier,
  AgentPending,
  AgentTicket,
  AgentReport,
  AgentTags,
  AgentAgentsOnline,
  Ping,
  AgentKbProposals,
  AgentKbDecide,
  AgentKbCheck,
  AgentKbEntries,
  AgentKbEntry,
  AgentKbSave,
  AgentKbDelete,
]);
export type AgentToHub = z.infer<typeof AgentToHub>;
export type AgentHello = z.infer<typeof AgentHello>;
