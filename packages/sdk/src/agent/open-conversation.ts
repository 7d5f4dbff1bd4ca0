import type { ConversationSnapshot, ConversationState, HubToAgent, Message, Note } from '@kefu/protocol';

/** A conversation this agent has open: its transcript and notes, kept current. */
export interface OpenConversation {
  id: string;
  state: ConversationState;
  shopper: ConversationSnapshot['shopper'];
  page?: ConversationSnapshot['page'];
  messages: Message[];
  notes: Note[];
  lastSeq: number;
  shopperReadSeq: number;
  shopperTyping: boolean;
  /** The shopper has the chat open now (kept current by `presence` frames). */
  shopperOnline: boolean;
  /** The order on the shopper's page, from the merchant's `lookupOrder`. */
  order?: ConversationSnapshot['order'];
  /** The shopper's earlier conversations, newest first: the snapshot's page and those `loadEarlier` added. */
  earlier?: ConversationSnapshot['earlier'];
  /** Older earlier conversations remain: `loadEarlier` reads the next page. */
  earlierMore?: boolean;
}

/**
 * The open conversation a `conversation` frame describes. A re-join after a reconnect brings
 * what was missed: it is merged into the messages already held. When more was missed than one
 * page, the hub sends the latest page: the hole between is filled page by page (gap-filler.ts).
 */
export function fromSnapshot(
  frame: Extract<HubToAgent, { type: 'conversation' }>,
  held: OpenConversation | undefined,
): OpenConversation {
  const seen = new Set(held?.messages.map((m) => m.seq));
  const messages = [...(held?.messages ?? []), ...frame.messages.filter((m) => !seen.has(m.seq))].sort(
    (x, y) => x.seq - y.seq,
  );
  return {
    id: frame.conversationId,
    state: frame.state,
    shopper: frame.shopper,
    ...(frame.page ? { page: frame.page } : {}),
    messages,
    notes: frame.notes,
    ...(frame.order ? { order: frame.order } : {}),
    ...(frame.earlier ? { earlier: frame.earlier } : {}),
    ...(frame.earlierMore ? { earlierMore: true } : {}),
    lastSeq: frame.lastSeq,
    shopperReadSeq: frame.shopperReadSeq,
    shopperTyping: false,
    shopperOnline: frame.shopperOnline ?? false,
  };
}

/** Adds a live message once, in seq order. */
export function addMessage(c: OpenConversation, message: Message): void {
  if (c.messages.some((m) => m.seq === message.seq)) return;
  c.messages.push(message);
  c.messages.sort((a, b) => a.seq - b.seq);
  c.lastSeq = Math.max(c.lastSeq, message.seq);
}

/** Puts a message read again (its image URLs signed anew) in place of the copy held. */
export function replaceMessage(c: OpenConversation, message: Message): void {
  const at = c.messages.findIndex((m) => m.seq === message.seq);
  if (at !== -1) c.messages[at] = message;
}

/** Adds a page of older messages, skipping any already held. */
export function addOlder(c: OpenConversation, messages: Message[]): void {
  const seen = new Set(c.messages.map((m) => m.seq));
  c.messages = [...messages.filter((m) => !seen.has(m.seq)), ...c.messages].sort((a, b) => a.seq - b.seq);
}

/** The highest seq up to which nothing is missing. */
export function contiguousSeq(messages: Message[]): number {
  let seq = (messages[0]?.seq ?? 1) - 1;
  for (const m of messages) {
    if (m.seq !== seq + 1) break;
    seq = m.seq;
  }
  return seq;
}

/** Adds a page of earlier conversations below those held (each once), and whether more remain. */
export function addEarlier(c: OpenConversation, page: Extract<HubToAgent, { type: 'earlier.page' }>): void {
  const held = c.earlier ?? [];
  const seen = new Set(held.map((e) => e.conversationId));
  c.earlier = [...held, ...page.earlier.filter((e) => !seen.has(e.conversationId))];
  c.earlierMore = page.hasMore;
}
