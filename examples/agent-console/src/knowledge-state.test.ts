import type { KbEntry, KbProposal } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { createKnowledgeState, type KnowledgeClient } from './knowledge-state.ts';
import { fakeKnowledgeBase } from './testing/fake-knowledge-base.ts';

const entry = (id: string, question: string): KbEntry => ({ id, question, alternatives: [], answer: 'a' });
const proposal: KbProposal = {
  id: 'lq_1',
  kind: 'entry',
  language: 'zh',
  count: 1,
  conversations: 1,
  questions: [{ text: '批发价怎么算', count: 1 }],
  answer: '批发 5 斤起按 8 折',
  misses: { refused: 1, suggested: 0, not_helpful: 0 },
  firstAt: 1,
  lastAt: 2,
};

/** A hub whose approvals write to its knowledge base, as the hub's do. */
function hub() {
  const kb = fakeKnowledgeBase(() => {}, [entry('ship', '多久发货？'), entry('brew', '龙井怎么泡？')]);
  let waiting = [proposal];
  const client: KnowledgeClient = {
    ...kb.client,
    knowledgeProposals: async () => ({ items: waiting, total: waiting.length }),
    checkKnowledge: async () => ({ entries: 0, entriesWithFindings: 0, findings: [], total: 0 }),
    async decideProposal(id, decision) {
      waiting = waiting.filter((p) => p.id !== id);
      if (decision.verdict === 'approve')
        await kb.client.saveKnowledgeEntry(
          { ...entry('wholesale', decision.questions?.[0] ?? '') },
          undefined,
        );
    },
  };
  return client;
}

// Finding (2026-12-07): a supervisor approved a learned question as a new entry; the check-up said
// 3 entries, the Entries list below it still "2 entries found", without the new one, until reloaded.
describe('knowledge page state', () => {
  it('lists the entries again after a decision, so an approved entry is there', async () => {
    const kb = createKnowledgeState(hub());
    await kb.refresh();
    await kb.entries.search();
    expect(kb.entries.items.value?.map((e) => e.id)).toEqual(['ship', 'brew']);
    await kb.approve('lq_1', { kind: 'entry', questions: ['批发价怎么算'], answer: '批发 5 斤起按 8 折' });
    expect(kb.entries.items.value?.map((e) => e.id)).toEqual(['ship', 'brew', 'wholesale']);
    expect(kb.entries.total.value).toBe(3);
  });

  it('does not list entries on a refresh before the list was asked for', async () => {
    const kb = createKnowledgeState(hub());
    await kb.refresh();
    expect(kb.entries.items.value).toBeUndefined();
  });
});
