import type { ShopperClient } from '@kefu/sdk/client/light';

/** The part of the shopper client the widget uses; tests pass a fake with the same shape. */
export type ChatClient = Pick<
  ShopperClient,
  | 'on'
  | 'connect'
  | 'reconnect'
  | 'send'
  | 'retry'
  | 'discard'
  | 'rate'
  | 'feedback'
  | 'markRead'
  | 'setTyping'
  | 'setContext'
  | 'setLocale'
  | 'identify'
  | 'loadOlder'
  | 'close'
  | 'messages'
  | 'outbox'
  | 'state'
  | 'status'
  | 'agentReadSeq'
  | 'lastSeq'
  | 'session'
  | 'conversationId'
>;
