import type { Author, Content, Message } from '@kefu/protocol';
import { type BusEvent, DELIVERED } from '../bus/bus.ts';
import type { Emitter } from '../emitter.ts';
import type { KeyedMutex } from '../keyed-mutex.ts';
import { answersNotice } from '../proactive/notice-reply.ts';
import type { WebhookRecorder } from '../seams/webhook-events.ts';
import type {
  AppendedMessage,
  ConversationExpectation,
  EventRecord,
  NewMessage,
  StoredConversation,
} from '../store/store.ts';
import type { ConversationOptions } from './conversation-options.ts';
import type { HubEvents } from './hub-events.ts';
import { INBOX_STATUSES } from './views.ts';
import type { ConversationWrites } from './writes.ts';

const NO_CONVERSATION = { conversation: false } as const;

/** Where an appended message is told, as the conversation service offers it (it passes itself). */
export interface AppendSinks extends Pick<ConversationWrites, 'record' | 'notify'> {
  /** Publishes on the conversation's channel. */
  publish(conversationId: string, event: BusEvent): Promise<void>;
  /** Publishes the conversation's inbox line for every agent who sees it. */
  publishInbox(c: StoredConversation, last?: Message): Promise<void>;
}

/**
 * A message's way in: appended in the store, then its event-log record, its webhook, its bus
 * event, its listeners and (for a conversation in agents' inboxes) its inbox line, in that order.
 * The caller holds the conversation's writes (see `ConversationCore.post`), so messages of one
 * conversation are told in seq order.
 */
export class MessageAppend {
  constructor(
    private readonly o: Pick<ConversationOptions, 'store' | 'clock' | 'ids'>,
    /** Bot turns per conversation: the conversation as an append left it is stale while one runs. */
    private readonly turns: Pick<KeyedMutex, 'busy'>,
    private readonly webhooks: Pick<WebhookRecorder, 'wants'>,
    private readonly events: Pick<Emitter<HubEvents>, 'emit' | 'listenerCount'>,
    private readonly sinks: AppendSinks,
  ) {}

  /**
   * A promise chain, not an async function: every message takes it twice (the shopper's and the
   * bot's), and the common one (no webhook for it, delivered on the in-process bus, not in an
   * inbox) is done once stored, without a turn or an object more.
   */
  add(
    conversationId: string,
    author: Author,
    content: Content,
    options: { clientMsgId?: string; expect?: ConversationExpectation },
  ): Promise<AppendedMessage> {
    // Objects built field by field on this path: a conditional spread makes a throwaway object
    // for each optional field.
    const input: NewMessage = {
      id: this.o.ids('m'),
      conversationId,
      author,
      content,
      createdAt: this.o.clock.now(),
    };
    if (options.clientMsgId !== undefined) input.clientMsgId = options.clientMsgId;
    // While a bot turn of the conversation runs (the bot's own posts are made in it), the
    // conversation the append left is dropped (see appended): the store need not make it.
    const want = this.turns.busy(conversationId) ? NO_CONVERSATION : undefined;
    return this.o.store.appendMessage(input, options.expect, want).then(this.appended.bind(this, input));
  }

  /**
   * What follows a message's append: its record, then everyone told (see {@link add}). Bound to
   * the message's input rather than closed over its parts: a closure and its context of four were
   * 130 bytes on every append, the bound function 70.
   */
  private appended(input: NewMessage, result: AppendedMessage): AppendedMessage | Promise<AppendedMessage> {
    const { conversationId, author, content } = input;
    // The conversation as the append left it saves a read per message, unless a bot turn of it is
    // under way: the turn changes it (a hand-over, failed turns), so whoever needs it reads it.
    // Nothing else on this node changes it meanwhile (writes hold `writes`); another node's change
    // meets the expectations of what is written from it, as it would after a read.
    if (result.conversation && this.turns.busy(conversationId)) result.conversation = undefined;
    if (result.duplicate) return result;
    // `image`: what the photo metrics count (share of conversations with one); `noticeTap`: a
    // tap on a notice's own button, which the contacts-after-a-notification metric leaves out.
    const data: NonNullable<EventRecord['data']> = { authorKind: author.kind, seq: result.message.seq };
    if (content.kind === 'image') data.image = true;
    if (answersNotice(content)) data.noticeTap = true;
    this.sinks.record('message', conversationId, {
      agentId: author.kind === 'agent' ? author.id : undefined,
      data,
    });
    // Checked here, not in notify: the message path pays no call when nobody subscribed.
    if (this.webhooks.wants('message.created')) return this.announceAfterWebhook(conversationId, result);
    // Delivered already on the in-process bus: waiting for it would cost a turn and its objects.
    const published = this.publishMessage(conversationId, result);
    if (published !== DELIVERED) return published.then(() => this.announced(conversationId, result));
    return this.announced(conversationId, result);
  }

  private async announceAfterWebhook(
    conversationId: string,
    result: AppendedMessage,
  ): Promise<AppendedMessage> {
    await this.sinks.notify('message.created', () => ({ conversationId, message: result.message }));
    const published = this.publishMessage(conversationId, result);
    if (published !== DELIVERED) await published;
    return this.announced(conversationId, result);
  }

  private publishMessage(conversationId: string, result: AppendedMessage): Promise<void> {
    return this.sinks.publish(conversationId, { kind: 'message', conversationId, message: result.message });
  }

  /** The message's listeners, then (for a conversation in agents' inboxes) its inbox line. */
  private announced(
    conversationId: string,
    result: AppendedMessage,
  ): AppendedMessage | Promise<AppendedMessage> {
    if (this.events.listenerCount('message') > 0)
      this.events.emit('message', { conversationId, message: result.message });
    // Only conversations in agents' inboxes need the read that refreshes their inbox line.
    return INBOX_STATUSES.includes(result.status) ? this.refreshInboxLine(conversationId, result) : result;
  }

  private async refreshInboxLine(conversationId: string, result: AppendedMessage): Promise<AppendedMessage> {
    const c = result.conversation ?? (await this.o.store.getConversation(conversationId));
    if (c) await this.sinks.publishInbox(c, result.message);
    return result;
  }
}
