import { KefuError } from '@kefu/protocol';
import { shopperQuestion } from '../faq/knowledge-base.ts';
import type { Understanding } from '../seams/understanding.ts';
import type { ConversationOptions } from './conversation-options.ts';
import type { ConversationWrites } from './writes.ts';

/** A knowledge-base entry drafted from an agent's reply, waiting for the merchant's approval. */
export interface KnowledgeDraft {
  id: string;
  question: string;
  answer: string;
  alternatives: string[];
  tags: string[];
  source: { conversationId: string; questionSeq: number; answerSeq: number; agentId: string };
  createdAt: number;
}

/** Learning from shoppers and agents: feedback on bot answers, knowledge drafts from replies. */
export interface LearningDeps extends Pick<ConversationWrites, 'record'> {
  readonly o: Pick<ConversationOptions, 'store' | 'clock' | 'ids'>;
  readonly understandings: { get(conversationId: string): Understanding | undefined };
  /** Resolves when every event recorded so far is stored. */
  flushEvents(): Promise<void>;
}

/** Verdicts kept per bot answer: the first, and a few changes of mind. */
export const MAX_FEEDBACK_PER_ANSWER = 3;

/** The shopper says whether a bot answer helped; recorded for the merchant (and reports, which count the last). */
export async function feedback(
  d: LearningDeps,
  conversationId: string,
  seq: number,
  helpful: boolean,
): Promise<void> {
  const [message] = await d.o.store.listMessages(conversationId, { afterSeq: seq - 1, limit: 1 });
  if (message?.seq !== seq || message.author.kind !== 'bot')
    throw new KefuError('not_found', `message ${seq} is not a bot answer in this conversation`);
  await d.flushEvents();
  const events = await d.o.store.listEvents({ conversationId, kinds: ['bot.answer', 'feedback'] });
  const answer = events.find((e) => e.kind === 'bot.answer' && e.data?.seq === seq);
  // One verdict per answer: the same again is already recorded, and a shopper may change their
  // mind a few times, not flood the event log (and the reports) with votes.
  const given = events.filter((e) => e.kind === 'feedback' && e.data?.seq === seq);
  if (given.at(-1)?.data?.helpful === helpful) return;
  if (given.length >= MAX_FEEDBACK_PER_ANSWER)
    throw new KefuError('conflict', `feedback on message ${seq} was already given`);
  const entryId = answer?.data?.entryId;
  d.record('feedback', conversationId, {
    data: { seq, helpful, entryId: typeof entryId === 'string' ? entryId : null },
  });
}

/**
 * Learning from agents: a draft knowledge-base entry from an agent's reply (the answer) and the
 * shopper message it answered (the question), for the merchant to approve. Recorded in the
 * event log; `knowledgeDrafts()` lists them.
 */
export async function draftKnowledgeEntry(
  d: LearningDeps,
  conversationId: string,
  seq: number,
): Promise<KnowledgeDraft> {
  const messages = await d.o.store.listMessages(conversationId, { beforeSeq: seq + 1, limit: 50 });
  const reply = messages.at(-1);
  if (reply?.seq !== seq || reply.author.kind !== 'agent' || reply.content.kind !== 'text')
    throw new KefuError('not_found', `message ${seq} is not an agent's text reply`);
  const question = [...messages]
    .reverse()
    .find((m) => m.author.kind === 'shopper' && m.content.kind === 'text' && m.seq < seq);
  if (question?.content.kind !== 'text')
    throw new KefuError('not_found', 'no shopper question before that reply');
  const intent = d.understandings.get(conversationId)?.intent;
  const draft: KnowledgeDraft = {
    id: d.o.ids('kb'),
    question: shopperQuestion(question.content.text),
    answer: reply.content.text,
    alternatives: [],
    tags: intent ? [intent] : [],
    source: { conversationId, questionSeq: question.seq, answerSeq: seq, agentId: reply.author.id ?? '' },
    createdAt: d.o.clock.now(),
  };
  d.record('kb.draft', conversationId, {
    agentId: reply.author.id,
    data: { draft: JSON.stringify(draft) },
  });
  await d.flushEvents();
  return draft;
}

/** Drafts waiting for approval (in the window, when given): those nobody approved or rejected yet. */
export async function knowledgeDrafts(
  d: LearningDeps,
  range: { from?: number; to?: number } = {},
): Promise<KnowledgeDraft[]> {
  await d.flushEvents();
  const [events, reviews] = await Promise.all([
    d.o.store.listEvents({ ...range, kinds: ['kb.draft'] }),
    d.o.store.listEvents({ kinds: ['kb.review'] }),
  ]);
  const reviewed = new Set(reviews.map((e) => e.data?.draftId));
  return events.flatMap((e) => {
    if (typeof e.data?.draft !== 'string') return [];
    const draft = JSON.parse(e.data.draft) as KnowledgeDraft;
    return reviewed.has(draft.id) ? [] : [draft];
  });
}

/**
 * Approves or rejects a waiting draft; `approve` puts an approved draft into the knowledge base
 * first, so a failing write leaves the draft waiting. Not found once reviewed.
 */
export async function reviewKnowledgeDraft(
  d: LearningDeps,
  draftId: string,
  verdict: 'approved' | 'rejected',
  approve: (draft: KnowledgeDraft) => Promise<void>,
): Promise<KnowledgeDraft> {
  const draft = (await knowledgeDrafts(d)).find((x) => x.id === draftId);
  if (!draft) throw new KefuError('not_found', `no knowledge draft ${draftId} is waiting`);
  if (verdict === 'approved') await approve(draft);
  d.record('kb.review', draft.source.conversationId, {
    agentId: draft.source.agentId,
    data: { draftId, verdict },
  });
  await d.flushEvents();
  return draft;
}
