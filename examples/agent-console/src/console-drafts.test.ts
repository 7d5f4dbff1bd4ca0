import { describe, expect, it } from 'vitest';
import { consoleDrafts } from './console-drafts.ts';

/** A sessionStorage stand-in: a Map behind the Storage methods the drafts use. */
function memoryStore() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('console drafts kept in the tab', () => {
  it('come back for the same agent after a reload, never for a colleague signing in on the tab', () => {
    const store = memoryStore();
    const before = consoleDrafts({ store, key: 'drafts ws://hub' });
    before.restore('mei');
    before.setDraft('c1', 'Let me check');
    before.setDraft('c2', '');
    const reloaded = consoleDrafts({ store, key: 'drafts ws://hub' });
    reloaded.restore('mei');
    expect(reloaded.drafts.value).toEqual({ c1: 'Let me check' });
    const colleague = consoleDrafts({ store, key: 'drafts ws://hub' });
    colleague.restore('lei');
    expect(colleague.drafts.value).toEqual({});
  });

  it('forgets a sent reply, a conversation handed on, and everything at sign-out', () => {
    const store = memoryStore();
    const drafts = consoleDrafts({ store, key: 'k' });
    drafts.restore('mei');
    drafts.setDraft('c1', 'sent soon');
    drafts.setDraft('c2', 'handed on');
    drafts.setDraft('c3', 'kept');
    drafts.sent('c1', undefined, 'sent soon');
    drafts.drop('c2');
    expect(JSON.parse(store.items.get('k mei')!)).toEqual({ c3: 'kept' });
    drafts.forgetAll();
    expect(store.items.size).toBe(0);
    expect(drafts.drafts.value).toEqual({});
  });

  it('keeps what this page typed over what was saved, and a corrupt save is ignored', () => {
    const store = memoryStore();
    store.setItem('k mei', '{not json');
    const drafts = consoleDrafts({ store, key: 'k' });
    drafts.setDraft('c1', 'typed before the welcome');
    drafts.restore('mei');
    expect(drafts.drafts.value).toEqual({ c1: 'typed before the welcome' });
  });
});
