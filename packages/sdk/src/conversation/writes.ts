import type { Author, Content, Message } from '@kefu/protocol';
import type { WebhookEventData, WebhookEventType } from '../seams/webhook-events.ts';
import type { ConversationExpectation, EventKind, EventRecord, StoredConversation } from '../store/store.ts';
import type { NextState, TransitionName, TransitionOptions } from './lifecycle.ts';

/**
 * The writes every piece of conversation business is built from, as the conversation service
 * offers them: status changes by the lifecycle table, messages in seq order, the event log.
 */
export interface ConversationWrites {
  /** Changes the status by the lifecycle table; null when the conversation changed meanwhile. */
  move(
    name: TransitionName,
    id: string,
    next: NextState,
    options?: TransitionOptions,
  ): Promise<StoredConversation | null>;
  /** Stores a message (once per clientMsgId, if `expect` holds) and publishes it. */
  post(
    conversationId: string,
    author: Author,
    content: Content,
    options?: { clientMsgId?: string; expect?: ConversationExpectation },
  ): Promise<{ message: Message; duplicate: boolean }>;
  /** Stores several messages of one author with nothing between them (see `ConversationCore.postTogether`). */
  postTogether(
    conversationId: string,
    author: Author,
    posts: readonly { content: Content; clientMsgId?: string }[],
    expect?: ConversationExpectation,
  ): Promise<{ message: Message; duplicate: boolean }[]>;
  /** Appends to the event log the metrics are computed from (never fails the caller). */
  record(
    kind: EventKind,
    conversationId: string,
    extra?: { agentId?: string | undefined; group?: string | undefined; data?: EventRecord['data'] },
  ): void;
  /** Stores a webhook event in the outbox if a subscription wants its type (never fails the caller). */
  notify<T extends WebhookEventType>(type: T, data: () => WebhookEventData[T]): Promise<void>;
}
