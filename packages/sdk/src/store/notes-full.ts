import { KefuError } from '@kefu/protocol';

/** The refusal of a note past the most a conversation keeps (`appendNote`'s `max`), worded alike by every store. */
export const notesFull = (conversationId: string, max: number) =>
  new KefuError('conflict', `conversation ${conversationId} already holds ${max} notes, the most one keeps`);
