import type { ConversationState, Message, Note } from '@kefu/protocol';
import { expect } from 'vitest';
import type { EventRecord, NewConversation, NewMessage, Store } from './store.ts';

// Fixtures shared by the parts of `storeContract`. Each builds a fresh value, so a test may
// change what it gets without touching another test.

/** The state every fixture conversation starts in. */
export const bot: ConversationState = { status: 'bot' };

/** A new conversation of shopper_1 on site_a, in the bot state; `extra` overrides any field. */
export const conversation = (id: string, extra: Partial<NewConversation> = {}): NewConversation => ({
  id,
  siteKey: 'site_a',
  shopperId: 'shopper_1',
  state: bot,
  createdAt: 1_000,
  ...extra,
});

/** Shopper text message `m_<n>` in c_1, created at 2000 + n. */
export const message = (n: number | string, extra: Partial<NewMessage> = {}): NewMessage => ({
  id: `m_${n}`,
  conversationId: 'c_1',
  author: { kind: 'shopper' },
  content: { kind: 'text', text: `hello ${n}` },
  createdAt: 2_000 + Number(n || 0),
  ...extra,
});

/** Event `e_<n>` (a message) in c_1, at 1000 + n. */
export const event = (n: number, extra: Partial<EventRecord> = {}): EventRecord => ({
  id: `e_${n}`,
  at: 1_000 + n,
  kind: 'message',
  conversationId: 'c_1',
  ...extra,
});

/** Agent note `n_<n>` in c_1, created at 3000 + n. */
export const note = (n: number, extra: Partial<Note> = {}): Note => ({
  id: `n_${n}`,
  conversationId: 'c_1',
  author: { id: 'agent_mei', name: 'Mei' },
  text: `note ${n}`,
  createdAt: 3_000 + n,
  ...extra,
});

/** The state of a conversation held by `agentId` in the presale group. */
export const assigned = (agentId: string): ConversationState => ({
  status: 'assigned',
  group: 'presale',
  agent: { id: agentId, name: agentId },
});

export const seqs = (messages: Message[]) => messages.map((m) => m.seq);

/** Asserts that `promise` rejects with a KefuError of this `code`. */
export const rejectsWith = (promise: Promise<unknown>, code: string) =>
  expect(promise).rejects.toMatchObject({ name: 'KefuError', code });

/**
 * A Store that forwards every property read to `current()`, the store of the test now running.
 * Each test gets a new store, yet the contract parts can name it once, as `store`, and their
 * tests read exactly as they did when all of them shared one `let store`.
 */
export function liveStore(current: () => Store): Store {
  return new Proxy({} as Store, {
    get(_target, key) {
      const store = current();
      const value: unknown = Reflect.get(store, key);
      return typeof value === 'function' ? value.bind(store) : value;
    },
  });
}
