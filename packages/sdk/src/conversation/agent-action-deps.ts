import type { Dispatcher } from '../routing/dispatcher.ts';
import type { AgentProfile } from '../seams/agents.ts';
import type { Understanding } from '../seams/understanding.ts';
import type { StoredConversation } from '../store/store.ts';
import type { ConversationOptions } from './conversation-options.ts';
import type { ConversationWrites } from './writes.ts';

export type TransferTarget = { agentId: string } | { group: string };

/**
 * What agents' actions need from the hub, as one explicit record (the conversation service
 * passes itself): options, writes through the lifecycle, and routing's intent-level methods.
 */
export interface AgentActionDeps extends ConversationWrites {
  readonly o: Pick<
    ConversationOptions,
    'store' | 'bus' | 'clock' | 'ids' | 'policy' | 'qaRules' | 'knownGroups'
  >;
  readonly dispatcher: Pick<
    Dispatcher,
    | 'opened'
    | 'assigned'
    | 'released'
    | 'enqueue'
    | 'agentReplied'
    | 'handedBack'
    | 'closed'
    | 'waiting'
    | 'ticketAction'
    | 'slaTimers'
    | 'heldSince'
    | 'hasGroup'
    | 'profile'
    | 'loadOf'
  >;
  readonly lastAgent: { set(conversationId: string, agentId: string): unknown };
  readonly understandings: { get(conversationId: string): Understanding | undefined };
  requireConversation(id: string): Promise<StoredConversation>;
  assign(
    c: StoredConversation,
    agent: AgentProfile,
    via: 'accept' | 'autoAssign' | 'assign',
    by?: { id: string; force?: boolean },
  ): Promise<StoredConversation | null>;
  recordAssigned(c: StoredConversation, agentId: string, waited?: boolean): Promise<void>;
  refreshQueue(group: string): Promise<void>;
  republish(
    id: string,
    patch?: (state: StoredConversation['state']) => StoredConversation['state'],
  ): Promise<void>;
  /** Agents whose status is online, anywhere in the cluster: the only ones a transfer can go to. */
  onlineAgents(): AgentProfile[];
}
