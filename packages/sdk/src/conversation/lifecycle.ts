import {
  type Author,
  type Content,
  type ConversationState,
  type ConversationStatus,
  LIMITS,
  toStoredText,
} from '@kefu/protocol';
import type {
  AppendedMessage,
  ConversationExpectation,
  ConversationPatch,
  EventKind,
} from '../store/store.ts';
import { type HubTexts, textsFor } from './texts.ts';

export type SystemLine = Extract<Content, { kind: 'system' }>;

/** One way a conversation's status may change. */
export interface TransitionRule {
  /** Statuses it may start from; any other is refused (the store's compare-and-set checks it). */
  readonly from: readonly ConversationStatus[];
  readonly to: ConversationStatus;
  /** The agent who held it when the caller read it must still hold it (no change of hands in between). */
  readonly owned?: true;
  /** The system line the shopper and agents see, if any. */
  readonly line?: SystemLine['event'];
  /** The event-log entry the caller records once the change is stored, if any. */
  readonly records?: EventKind;
}

const OPEN: readonly ConversationStatus[] = ['bot', 'queued', 'assigned', 'pending', 'ticket'];
const HELD: readonly ConversationStatus[] = ['assigned', 'pending'];

/**
 * Every change of a conversation's status, in one table: {@link planTransition} is the only
 * way the hub builds a status change, so what is allowed from where is read here and nowhere else.
 */
export const LIFECYCLE = {
  /** The shopper wrote into a closed conversation: the bot answers again. */
  reopen: { from: ['closed'], to: 'bot', records: 'reopened' },
  /** The bot hands over: it waits in a group's queue. */
  escalate: { from: ['bot', 'pending'], to: 'queued', line: 'queued', records: 'escalated' },
  /** The bot hands over while nobody can chat: a ticket instead of a queue. */
  escalateOffline: { from: ['bot', 'pending'], to: 'ticket', line: 'notice', records: 'escalated' },
  /** An agent takes it by hand (even from the bot). */
  accept: { from: ['bot', 'queued', 'ticket'], to: 'assigned', line: 'agent_joined', records: 'assigned' },
  /** The dispatcher gives a waiting conversation to an agent. */
  autoAssign: { from: ['queued', 'ticket'], to: 'assigned', line: 'agent_joined', records: 'assigned' },
  /** A supervisor hands a waiting conversation nobody holds to a colleague (see assign-to.ts). */
  assign: { from: ['queued', 'ticket'], to: 'assigned', line: 'agent_joined', records: 'assigned' },
  /** The shopper answered while the agent waited on them. */
  resume: { from: ['pending'], to: 'assigned' },
  /** The agent waits on the shopper or a follow-up. */
  wait: { from: HELD, to: 'pending', owned: true },
  transferToAgent: { from: HELD, to: 'assigned', owned: true, line: 'transferred', records: 'transferred' },
  transferToGroup: { from: HELD, to: 'queued', owned: true, line: 'transferred', records: 'transferred' },
  /** The agent gives the conversation back to the bot. */
  handback: { from: HELD, to: 'bot', owned: true, line: 'agent_left', records: 'released' },
  /** The agent went away (offline, missed accept): someone else takes it from the queue. */
  requeue: { from: HELD, to: 'queued', owned: true, line: 'agent_left', records: 'released' },
  close: { from: OPEN, to: 'closed', line: 'closed', records: 'closed' },
  /** The shopper rates a closed conversation: the state changes, the status does not. */
  rate: { from: ['closed'], to: 'closed', records: 'csat' },
} as const satisfies Record<string, TransitionRule>;

export type TransitionName = keyof typeof LIFECYCLE;

/** Where every conversation starts: with the bot. */
export function openingState(): ConversationState {
  return { status: 'bot' };
}

/** True when `name` may start from `status`. */
export function allows(name: TransitionName, status: ConversationStatus): boolean {
  return (LIFECYCLE[name].from as readonly ConversationStatus[]).includes(status);
}

/** The state fields a transition carries besides its status (the table sets the status). */
export type NextState = Omit<ConversationState, 'status'>;

export interface PlannedTransition {
  patch: ConversationPatch & { state: ConversationState };
  expect: ConversationExpectation;
  line?: SystemLine;
}

export interface TransitionOptions {
  /** The agent who held it when read (for `owned` transitions). */
  ownerId?: string | null;
  /** Narrows the table's `from` to what the caller read, when its checks depended on that status. */
  onlyFrom?: readonly ConversationStatus[];
  /** The agent's load is checked with the write (assignments). */
  agentLoad?: ConversationExpectation['agentLoad'];
  /** The version the caller read: any change since (a message, a state change) refuses it. */
  version?: number;
  /** Other fields written with the state. */
  patch?: Omit<ConversationPatch, 'state'>;
  /** The conversation's locale, for the system line. */
  locale?: string | undefined;
  /** Who the system line names: the agent who joined or left, or was transferred to (never a group). */
  who?: string;
  /** No system line: the shopper was already told (a second requeue in one wait). */
  quiet?: boolean;
  /** Messages posted with the change, after the state and before the system line (a hand-over line). */
  lead?: TransitionLead;
}

/**
 * What a transition posts between its state and its system line, under one turn of the
 * conversation's writes: the bot's hand-over line, said once the state has told the shopper the
 * bot has left (said before it, the widget drew it for a moment as the bot's answer to rate).
 */
export interface TransitionLead {
  readonly author: Author;
  /** Each under its key (`botMessageKey`): a post made already is not made again. */
  readonly posts: readonly { content: Content; clientMsgId: string }[];
  /** Called with what was stored, duplicates marked. */
  stored?(messages: readonly AppendedMessage[]): void;
  /** Called instead when a post failed (the change itself is stored). */
  failed(error: unknown): void;
}

/**
 * The store write for a transition: the next state with the table's status, the expectation
 * that refuses it from any other status (or, for `owned` ones, once the conversation changed
 * hands since `ownerId` was read), and the system line in the conversation's language.
 */
export function planTransition(
  name: TransitionName,
  next: NextState,
  options: TransitionOptions = {},
): PlannedTransition {
  const rule: TransitionRule = LIFECYCLE[name];
  const from = options.onlyFrom ?? rule.from;
  const outside = from.filter((s) => !rule.from.includes(s));
  if (outside.length > 0) throw new RangeError(`${name} cannot start from ${outside.join(', ')}`);
  const expect: ConversationExpectation = { statuses: from };
  if (rule.owned) expect.agentId = options.ownerId ?? null;
  if (options.agentLoad) expect.agentLoad = options.agentLoad;
  if (options.version !== undefined) expect.version = options.version;
  const state: ConversationState = { ...next, status: rule.to };
  // Every frame that carries the state to agents (their welcome's inbox among them) allows a
  // reason of maxTitleChars: a longer one (a router's joined reasons, a pending note, an order id
  // from a shopper's quick reply) made those frames unreadable and locked the group's agents out.
  if (state.reason !== undefined) state.reason = toStoredText(state.reason, LIMITS.maxTitleChars);
  const planned: PlannedTransition = { patch: { ...options.patch, state }, expect };
  const line =
    rule.line && !options.quiet && systemLine(name, rule.line, textsFor(options.locale), options.who);
  if (line) planned.line = line;
  return planned;
}

function systemLine(name: TransitionName, event: SystemLine['event'], texts: HubTexts, who = ''): SystemLine {
  switch (name) {
    case 'escalate':
      return { kind: 'system', event, text: texts.queued };
    case 'escalateOffline':
      return { kind: 'system', event, text: texts.ticket };
    case 'accept':
    case 'autoAssign':
    case 'assign':
      return { kind: 'system', event, agentName: who, text: texts.agentJoined(who) };
    case 'handback':
      return { kind: 'system', event, agentName: who, text: texts.agentLeft(who) };
    case 'requeue':
      return { kind: 'system', event, agentName: who, text: texts.requeued };
    case 'transferToAgent':
      return { kind: 'system', event, agentName: who, text: texts.transferred(who) };
    case 'transferToGroup':
      return { kind: 'system', event, text: texts.transferredToTeam };
    default:
      return { kind: 'system', event, text: texts.closed };
  }
}
