import type { Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { StoredConversation } from '../store/store.ts';
import { learnLanguage } from './written-language.ts';

const conversation = (locale?: string): StoredConversation => ({
  id: 'c1',
  siteKey: 'shop',
  shopperId: 's1',
  state: { status: 'bot' },
  createdAt: 0,
  updatedAt: 0,
  lastSeq: 1,
  shopperReadSeq: 0,
  agentReadSeq: 0,
  priority: 0,
  failedBotTurns: 0,
  version: 1,
  ...(locale ? { locale } : {}),
});

const said = (text: string): Message => ({
  id: 'm1',
  conversationId: 'c1',
  seq: 2,
  author: { kind: 'shopper', id: 's1' },
  content: { kind: 'text', text },
  createdAt: 0,
});

/** The locale `learnLanguage` stores for a shopper who wrote `text` (undefined: nothing written). */
async function learned(text: string, locale?: string): Promise<string | undefined> {
  let written: string | undefined;
  const store = {
    updateConversation: async (_id: string, patch: { locale?: string }) => {
      written = patch.locale;
      return { ...conversation(locale), locale: patch.locale };
    },
  };
  await learnLanguage(store, conversation(locale), said(text));
  return written;
}

describe('learnLanguage', () => {
  it('makes Chinese the language of a conversation without a locale once its shopper writes it', async () => {
    expect(await learned('我的快递到哪了')).toBe('zh');
    expect(await learned('这个 hoodie 偏大吗')).toBe('zh');
    // i18n QA (2026-12-06): a shopper writing Traditional got the hub's lines (queued, ticket) in Simplified.
    expect(await learned('我的快遞到哪了')).toBe('zh-Hant');
    expect(await learned('轉人工')).toBe('zh-Hant');
  });

  it('leaves English, Japanese and a given locale alone', async () => {
    expect(await learned('where is my parcel')).toBeUndefined();
    expect(await learned('荷物はどこですか')).toBeUndefined();
    expect(await learned('my order number is ABC-123, 谢谢')).toBeUndefined();
    expect(await learned('我的快递到哪了', 'zh-TW')).toBeUndefined();
    expect(await learned('我的快递到哪了', 'en')).toBeUndefined();
  });
});
