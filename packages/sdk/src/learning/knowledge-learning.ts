import { KefuError } from '@kefu/protocol';
import type { Clock } from '../clock.ts';
import type { HubEvents } from '../conversation/hub-events.ts';
import type { Emitter } from '../emitter.ts';
import type { FaqEngine } from '../faq/faq-engine.ts';
import { KB_LIMITS, type KnowledgeBaseEntry, shopperQuestion } from '../faq/knowledge-base.ts';
import type { KnowledgeEditor } from '../faq/knowledge-editor.ts';
import type { IdGenerator } from '../ids.ts';
import { KeyedMutex } from '../keyed-mutex.ts';
import type { LearnedQuestion } from '../store/learned-questions.ts';
import type { Store } from '../store/store.ts';
import { normalizeText } from '../text/normalize.ts';
import { detectLocale } from '../understand/detect-locale.ts';
import { type KnowledgeProposal, proposeKnowledge } from './knowledge-proposals.ts';
import { missedQuestion } from './missed-question.ts';

/**
 * What a supervisor decides on a proposal. Approving may change it first: `kind` and `entryId`
 * (the entry to add alternates to, or the new entry's id), the `questions` to add (default: every
 * wording in the group) and, for a new entry, the `answer`.
 */
export type ProposalDecision =
  | { verdict: 'reject' }
  | {
      verdict: 'approve';
      kind?: KnowledgeProposal['kind'];
      entryId?: string;
      questions?: string[];
      answer?: string;
    };

/** A decided proposal, and for an approved one the entry as the knowledge base now has it. */
export interface DecidedProposal {
  proposal: KnowledgeProposal;
  verdict: 'approved' | 'rejected';
  entry?: KnowledgeBaseEntry;
}

/** Learning from traffic: questions the bot missed and agents answered, proposed for the knowledge base. */
export interface KnowledgeLearning {
  /** Waiting proposals, most asked first. */
  proposals(): Promise<KnowledgeProposal[]>;
  /**
   * Approves (the knowledge base changes at once: the next shopper asking gets the answer) or
   * rejects a waiting proposal. `not_found` when it is not waiting (decided meanwhile, or its
   * questions were erased); `invalid_frame` when the edited entry would not be valid.
   */
  decide(proposalId: string, decision: ProposalDecision): Promise<DecidedProposal>;
  /** Runs `task` (an erasure) when no learning from the conversation is under way, and none starts meanwhile. */
  around<T>(conversationId: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when nothing learned so far is still being stored. */
  idle(): Promise<void>;
  /** Stops listening to agents' replies. */
  stop(): void;
}

export interface KnowledgeLearningDeps {
  store: Store;
  clock: Clock;
  ids: IdGenerator;
  engine: FaqEngine;
  editor: KnowledgeEditor;
  /** The hub's events: every agent text reply is looked at. */
  events: Pick<Emitter<HubEvents>, 'on'>;
  /** Resolves when the events recorded so far (bot answers, feedback) are stored. */
  flushEvents(): Promise<void>;
  reportError(error: unknown, where: string): void;
}

/** How far back a reply looks for the question it answers. */
const LOOKBACK = 50;
/**
 * How many waiting questions are grouped when proposals are listed (the newest): grouping and
 * ranking run on the hub's event loop: 1.7 s for 500 on a 10,000-entry base on a busy 2-core machine.
 */
const GROUPED = 500;
/** How many rejected questions (the newest) keep their wording from being proposed again: read at each listing. */
const REJECTED_REMEMBERED = 5000;

/**
 * Listens for agents' text replies; when one answers a question the bot missed (see
 * `missedQuestion`), stores it as a learned question. Proposals group the waiting ones against the
 * live knowledge base; approving one edits it through `editor`, which reloads `engine`.
 * @example
 * const learning = createKnowledgeLearning({ store, clock, ids, engine, editor, events, flushEvents, reportError });
 * const [first] = await learning.proposals();
 * if (first) await learning.decide(first.id, { verdict: 'approve' });
 */
export function createKnowledgeLearning(d: KnowledgeLearningDeps): KnowledgeLearning {
  const queue = new KeyedMutex();

  async function collect(conversationId: string, replySeq: number): Promise<void> {
    await d.flushEvents();
    const [messages, events] = await Promise.all([
      d.store.listMessages(conversationId, { beforeSeq: replySeq + 1, limit: LOOKBACK }),
      d.store.listEvents({ conversationId, kinds: ['bot.answer', 'feedback'] }),
    ]);
    const missed = missedQuestion(messages, events, replySeq);
    if (!missed) return;
    await d.store.putLearnedQuestion({
      id: d.ids('lq'),
      conversationId,
      ...missed,
      language: detectLocale(missed.question),
      createdAt: d.clock.now(),
    });
  }

  const off = d.events.on('message', ({ conversationId, message }) => {
    if (message.author.kind !== 'agent' || message.content.kind !== 'text') return;
    void queue
      .run(conversationId, () => collect(conversationId, message.seq))
      .catch((error: unknown) => d.reportError(error, 'learning from a reply'));
  });

  async function waiting(): Promise<KnowledgeProposal[]> {
    const [pending, rejected] = await Promise.all([
      d.store.listLearnedQuestions({ status: 'pending', limit: GROUPED }),
      d.store.listLearnedQuestions({ status: 'rejected', limit: REJECTED_REMEMBERED }),
    ]);
    // A wording a supervisor rejected is not proposed again each time a shopper asks it: asked
    // again, it is rejected with it (so it no longer takes a place among the GROUPED either).
    const no = new Set(rejected.map(wording));
    const again = pending.filter((q) => no.has(wording(q)));
    if (again.length > 0)
      await d.store.decideLearnedQuestions(
        again.map((q) => q.id),
        'rejected',
        d.clock.now(),
      );
    const questions = again.length > 0 ? pending.filter((q) => !no.has(wording(q))) : pending;
    const key = proposalsKey(d.editor.revision, questions);
    if (computed?.key !== key)
      computed = { key, proposals: proposeKnowledge(questions, { engine: d.engine }) };
    return [...computed.proposals];
  }

  /**
   * The proposals as last computed, and of what: grouping and matching run in one piece on the event
   * loop (0.2-0.4 s of CPU for 600 questions on a base of 2,000 entries), and a `read` API key or a
   * console asked for them again and again. They hold until a question or the base changes.
   */
  let computed: { key: string; proposals: KnowledgeProposal[] } | undefined;

  /**
   * Why a proposal is not waiting: a supervisor decided it already (a proposal's id is its first
   * question's), which two supervisors deciding at once meet, or there never was one.
   */
  async function notWaiting(proposalId: string): Promise<KefuError> {
    const decided = (await d.store.listLearnedQuestions()).find(
      (q) => q.id === proposalId && q.status !== 'pending',
    );
    return decided
      ? new KefuError('conflict', `knowledge proposal ${proposalId} was ${decided.status} already`)
      : new KefuError('not_found', `no knowledge proposal ${proposalId} is waiting`);
  }

  // Decisions one at a time: two supervisors approving one proposal at once both found it waiting,
  // both edited the knowledge base and both heard "approved".
  const deciding = new KeyedMutex();

  return {
    proposals: waiting,
    decide: (proposalId, decision) => deciding.run('', () => decideNow(proposalId, decision)),
    around: (conversationId, task) => queue.run(conversationId, task),
    idle: () => queue.idle(),
    stop: off,
  };

  async function decideNow(proposalId: string, decision: ProposalDecision): Promise<DecidedProposal> {
    const proposal = (await waiting()).find((p) => p.id === proposalId);
    if (!proposal) throw await notWaiting(proposalId);
    let entry: KnowledgeBaseEntry | undefined;
    let before: KnowledgeBaseEntry | undefined;
    // The knowledge base first: an edit it refuses leaves the proposal waiting.
    if (decision.verdict === 'approve') {
      entry = approved(proposal, decision, d.editor);
      before = d.editor.get(entry.id);
      await d.editor.put(entry);
    }
    const verdict = decision.verdict === 'approve' ? 'approved' : 'rejected';
    const decided = await d.store.decideLearnedQuestions(proposal.questionIds, verdict, d.clock.now());
    if (decided.length === 0) {
      // Another node decided it between our read and our write (each node serialises only its own
      // decisions): the store holds theirs, so this node's edit is taken back, and the caller is told.
      if (entry) await (before ? d.editor.put(before) : d.editor.remove(entry.id));
      throw await notWaiting(proposalId);
    }
    return { proposal, verdict, ...(entry ? { entry } : {}) };
  }
}

/** The entry an approval puts: the target with the questions added as alternates, or a new one. */
function approved(
  proposal: KnowledgeProposal,
  decision: Extract<ProposalDecision, { verdict: 'approve' }>,
  editor: Pick<KnowledgeEditor, 'get'>,
): KnowledgeBaseEntry {
  // A message may be longer than an entry's question: cut as the console shows it (an approval as
  // proposed was refused for a question the hub had proposed itself).
  const questions = (decision.questions ?? proposal.questions.map((q) => q.text))
    .map(shopperQuestion)
    .filter((q) => normalizeText(q) !== '');
  if (questions.length === 0) throw new KefuError('invalid_frame', 'approve at least one question');
  const kind = decision.kind ?? proposal.kind;
  if (kind === 'alternate') {
    const entryId = decision.entryId ?? proposal.target?.entryId;
    if (!entryId) throw new KefuError('invalid_frame', 'name the entry to add the questions to (entryId)');
    const entry = editor.get(entryId);
    if (!entry) throw new KefuError('not_found', `no entry ${entryId}`);
    const known = new Set([entry.question, ...entry.alternatives].map(normalizeText));
    const added = distinct(questions).filter((q) => !known.has(normalizeText(q)));
    const alternatives = [...entry.alternatives, ...added].slice(0, KB_LIMITS.alternatives);
    return { ...entry, alternatives };
  }
  const id = decision.entryId ?? `learned-${proposal.id}`;
  if (editor.get(id)) throw new KefuError('conflict', `entry ${id} exists; pick another id`);
  const [question, ...alternatives] = distinct(questions);
  return {
    id,
    question: question!,
    answer: (decision.answer ?? proposal.answer).trim(),
    alternatives,
    tags: [],
    locale: proposal.language,
  };
}

/** A question's wording, for "asked the same": normalised, in its language. */
const wording = (q: LearnedQuestion) => `${q.language}:${normalizeText(q.question)}`;

/** The questions without repeats (the same after normalisation), in order. */
function distinct(questions: readonly string[]): string[] {
  const seen = new Set<string>();
  return questions.filter((q) => {
    const key = normalizeText(q);
    return !seen.has(key) && seen.add(key);
  });
}

export type { KnowledgeProposal, LearnedQuestion };

/** What proposals are computed from: the base's revision and every waiting question as it reads now. */
function proposalsKey(revision: number, questions: readonly LearnedQuestion[]): string {
  return JSON.stringify([
    revision,
    questions.map((q) => [q.id, q.question, q.answer, q.language, q.entryId]),
  ]);
}
