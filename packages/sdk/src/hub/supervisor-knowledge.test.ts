import { HubToAgent, LIMITS } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import type { KnowledgeProposal } from '../learning/knowledge-proposals.ts';
import { answerKbRequest, type SupervisorKnowledge } from './supervisor-knowledge.ts';

const boss = { id: 'boss', name: 'Boss', groups: [], supervisor: true };

function proposal(answer: string): KnowledgeProposal {
  return {
    id: 'lq_1',
    kind: 'alternate',
    target: { entryId: 'shipping-fee', question: '运费怎么算？', answer, by: 'answer', score: 0.8 },
    language: 'zh',
    count: 1,
    conversations: 1,
    questions: [{ text: '寄香港运费多少', count: 1 }],
    answer: '寄香港运费 30 元',
    misses: { refused: 1, suggested: 0, not_helpful: 0 },
    firstAt: 1_795_392_000_000,
    lastAt: 1_795_392_000_000,
    questionIds: ['lq_1'],
  };
}

function knowledge(p: KnowledgeProposal): SupervisorKnowledge {
  return {
    knowledgeProposals: async () => [p],
    decideKnowledgeProposal: async () => {
      throw new Error('not asked');
    },
    checkKnowledge: async () => ({ entries: 0, entriesWithFindings: 0, findings: [] }),
    knowledge: undefined,
  };
}

describe('kb.proposals', () => {
  it("carries the target entry's answer: what the bot gives once approved as alternates", async () => {
    const frame = await answerKbRequest(
      boss,
      { v: 1, type: 'kb.proposals', id: 'r_1' },
      knowledge(proposal('内地包邮，港澳台运费 30 元')),
    );
    expect(frame).toMatchObject({
      type: 'kb.proposals',
      items: [{ id: 'lq_1', target: { entryId: 'shipping-fee', answer: '内地包邮，港澳台运费 30 元' } }],
    });
    expect(frame?.type === 'kb.proposals' && frame.items[0]).not.toHaveProperty('questionIds');
    expect(HubToAgent.safeParse(frame).success).toBe(true);
  });

  it("keeps the target's answer within the protocol's text limit", async () => {
    const frame = await answerKbRequest(
      boss,
      { v: 1, type: 'kb.proposals', id: 'r_1' },
      knowledge(proposal('长'.repeat(LIMITS.maxTextChars + 5))),
    );
    const item = frame?.type === 'kb.proposals' ? frame.items[0] : undefined;
    expect(item?.target?.answer).toHaveLength(LIMITS.maxTextChars);
    expect(HubToAgent.safeParse(frame).success).toBe(true);
  });

  it("keeps a shopper's long question and the agents' joined replies within the frame's limits", async () => {
    // One shopper's 700-character question made the whole frame unreadable to supervisors.
    const p = { ...proposal('运费 30 元'), answer: '好'.repeat(LIMITS.maxTextChars + 9) };
    p.questions = [{ text: `Can you ship to Mars ${'😀'.repeat(700)}`, count: 1 }];
    const frame = await answerKbRequest(boss, { v: 1, type: 'kb.proposals', id: 'r_1' }, knowledge(p));
    expect(HubToAgent.safeParse(frame).success).toBe(true);
    const item = frame?.type === 'kb.proposals' ? frame.items[0] : undefined;
    expect(item?.questions[0]?.text.startsWith('Can you ship to Mars 😀')).toBe(true);
  });
});
