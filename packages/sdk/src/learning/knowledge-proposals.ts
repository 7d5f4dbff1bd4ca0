import { BoundedMap } from '../bounded-map.ts';
import type { TermBag } from '../faq/analyzer.ts';
import type { FaqEngine } from '../faq/faq-engine.ts';
import type { LearnedQuestion, QuestionMiss } from '../store/learned-questions.ts';
import { normalizeText } from '../text/normalize.ts';
import { similarity, termsOf } from './question-similarity.ts';

/**
 * Questions shoppers asked that the knowledge base missed, grouped, with what to do about them:
 * add them as alternates of an entry that already answers them, or add a new entry with the
 * agents' answer.
 */
export interface KnowledgeProposal {
  /** The id of the group's first question: stays while the group waits. */
  id: string;
  /**
   * The default choice: `alternate` only when the target surely is what was asked (the agents
   * answered as it does, or the engine would answer a wording with it outright); else `entry`,
   * with the target (if any) still there to choose.
   */
  kind: 'alternate' | 'entry';
  /**
   * For `alternate`: the entry, and why: the agents answered as it does (`answer`, with the
   * similarity of the answers) or the engine ranks it first for the questions (`ranking`, with
   * its confidence), with the entry's answer: what the bot gives once the questions are its alternates.
   */
  target?: { entryId: string; question: string; answer: string; by: 'answer' | 'ranking'; score: number };
  language: 'zh' | 'en';
  /** How often the questions were asked, in how many conversations. */
  count: number;
  conversations: number;
  /** The distinct wordings, most asked first. */
  questions: { text: string; count: number }[];
  /** The agents' answer: the one given most often, the first of equals. */
  answer: string;
  /** How the bot missed them. */
  misses: Record<QuestionMiss, number>;
  firstAt: number;
  lastAt: number;
  /** The learned questions the proposal groups: what approving or rejecting it decides. */
  questionIds: string[];
}

/** What the proposals are made against: the live engine. */
export interface ProposalKnowledge {
  engine: Pick<FaqEngine, 'match'>;
}

/**
 * Two questions are one when they share this much of their terms (weighted Jaccard) … Picked on
 * pairs such as 能开发票吗 / 可以开发票吗 (0.75), 能寄到香港吗 / 香港能寄吗 (0.45) against 能寄到香港吗 /
 * 能寄到台湾吗 (0.29) and "ship to Japan" / "ship to Canada" (0.33).
 */
const SAME_QUESTION = 0.4;
/** … or share some and were answered alike ("pay with PayPal" / "accept PayPal": 0.33). */
const RELATED_QUESTION = 0.25;
const SAME_ANSWER = 0.6;
/** An entry whose answer is this close to the agents' is the one they answered with. */
const ENTRY_ANSWER = 0.5;
/** How many of a group's wordings (the most asked) the engine ranks. */
const RANKED_WORDINGS = 5;
/** How much of the agents' answer is matched to find the entries that answer alike. */
const ANSWER_PROBE = 200;
/** The engine ranking an entry first with this confidence makes it the one meant ("did you mean" territory). */
const RANKED = 0.5;

interface Item {
  q: LearnedQuestion;
  terms: TermBag;
  answerTerms: TermBag;
  /** The entry whose answer the agents gave (their own words allowed), if one did. */
  answeredWith: string | undefined;
}

/**
 * Groups pending learned questions (near-duplicates together: the FAQ analyzer's terms, in one
 * language) and proposes each group as alternates of an existing entry or as a new entry. Groups
 * form in the order questions were asked, so a group keeps its id as questions join it. Most
 * asked first.
 * @example
 * const proposals = proposeKnowledge(await store.listLearnedQuestions({ status: 'pending' }), { engine });
 */
export function proposeKnowledge(
  questions: readonly LearnedQuestion[],
  knowledge: ProposalKnowledge,
): KnowledgeProposal[] {
  const groups: Item[][] = [];
  // Which groups hold each term: only groups sharing a term with a question can be alike to it.
  const byTerm = new Map<string, Set<number>>();
  // Agents often paste the same answer: each distinct one is matched once.
  const answeredWith = new Map<string, string | undefined>();
  for (const q of [...questions].sort((a, b) => a.createdAt - b.createdAt)) {
    const answerTerms = termsOf(q.answer);
    if (!answeredWith.has(q.answer))
      answeredWith.set(
        q.answer,
        entryAnswering(answerTerms, [knowledge.engine.match(probe(q.answer))])?.entryId,
      );
    const item = { q, terms: termsOf(q.question), answerTerms, answeredWith: answeredWith.get(q.answer) };
    const candidates = new Set<number>();
    for (const term of item.terms.keys()) for (const g of byTerm.get(term) ?? []) candidates.add(g);
    const home = [...candidates]
      .sort((a, b) => a - b)
      .find(
        (g) =>
          groups[g]![0]!.q.language === q.language &&
          groups[g]!.some((other) => alike(item, other)) &&
          // Agents who answered with two different entries were asked two different things: a
          // question joined through a word it shares with one member ("order") is kept apart.
          groups[g]!.every(
            (other) => !item.answeredWith || !other.answeredWith || item.answeredWith === other.answeredWith,
          ),
      );
    const at = home ?? groups.push([]) - 1;
    groups[at]!.push(item);
    for (const term of item.terms.keys()) {
      const holders = byTerm.get(term) ?? new Set<number>();
      holders.add(at);
      byTerm.set(term, holders);
    }
  }
  return groups.map((g) => propose(g, knowledge)).sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}

function alike(a: Item, b: Item): boolean {
  const q = similarity(a.terms, b.terms);
  return (
    q >= SAME_QUESTION || (q >= RELATED_QUESTION && similarity(a.answerTerms, b.answerTerms) >= SAME_ANSWER)
  );
}

function propose(group: Item[], knowledge: ProposalKnowledge): KnowledgeProposal {
  const first = group[0]!;
  const wordings = tally(group.map((i) => i.q.question));
  const answers = tally(group.map((i) => i.q.answer));
  const misses: Record<QuestionMiss, number> = { refused: 0, suggested: 0, not_helpful: 0 };
  for (const { q } of group) misses[q.miss]++;
  // An entry whose answer a shopper said did not help is not the one to add these to.
  const unhelpful = new Set(group.flatMap(({ q }) => (q.entryId ? [q.entryId] : [])));
  const answer = answers[0]!.text;
  const { target, sure } = targetEntry(
    wordings.map((w) => w.text),
    answer,
    knowledge.engine,
    unhelpful,
  );
  return {
    id: first.q.id,
    // Approving an alternate makes the bot give the entry's answer, and drops the agents': that is
    // the default only when the entry surely is what was asked. Otherwise the entry is offered as a
    // choice and the default is a new entry with the agents' answer.
    kind: target && sure ? 'alternate' : 'entry',
    ...(target ? { target } : {}),
    language: first.q.language,
    count: group.length,
    conversations: new Set(group.map((i) => i.q.conversationId)).size,
    questions: wordings,
    answer,
    misses,
    firstAt: first.q.createdAt,
    lastAt: Math.max(...group.map((i) => i.q.createdAt)),
    questionIds: group.map((i) => i.q.id),
  };
}

/**
 * The entry the questions may belong to, and whether that is sure: the agents answered as the
 * entry does, or the engine would answer one of the wordings with it outright. An entry the engine
 * only ranks first ("did you mean" confidence) is a guess: 会起球吗 ranks 衣服会缩水、掉色吗 first
 * (起球 and 掉色 are both 质量 words) but asks something else.
 */
function targetEntry(
  questions: readonly string[],
  answer: string,
  engine: ProposalKnowledge['engine'],
  excluded: ReadonlySet<string>,
): { target: KnowledgeProposal['target']; sure: boolean } {
  const ranked = questions.slice(0, RANKED_WORDINGS).map((q) => engine.match(q));
  let best: KnowledgeProposal['target'] = entryAnswering(
    termsOf(answer),
    [engine.match(probe(answer)), ...ranked],
    excluded,
  );
  // Agents answer alike from a template ("可以寄老挝，运费 75 元" / "可以寄泰国，运费 70 元"): the entry
  // is surely the one only if it also knows what the shopper asked about and the agents echoed.
  if (best) return { target: best, sure: coversTopic(best, questions, answer) };
  let sure = false;
  for (const match of ranked) {
    const top = match.top[0];
    if (!top || excluded.has(top.entry.id) || match.confidence < RANKED) continue;
    if (match.confidence > (best?.score ?? 0)) {
      best = {
        entryId: top.entry.id,
        question: top.entry.question,
        answer: top.entry.answer,
        by: 'ranking',
        score: match.confidence,
      };
      sure = match.decision === 'answer' && coversTopic(best, questions, answer);
    }
  }
  return { target: best, sure };
}

/**
 * Whether the entry's own words hold every term that a wording of the question and the agents'
 * answer share (the place, the product: 老挝 asked and answered): a term of theirs the entry never
 * mentions means it answers another thing, however alike the answers are worded.
 */
function coversTopic(
  target: NonNullable<KnowledgeProposal['target']>,
  questions: readonly string[],
  answer: string,
): boolean {
  const answered = termsOf(answer);
  const entry = termsOf(`${target.question}\n${target.answer}`);
  return questions.every((q) => [...termsOf(q).keys()].every((t) => !answered.has(t) || entry.has(t)));
}

/** The answer's opening says what it is about, and a long answer would cost a long match. */
const probe = (answer: string) => answer.slice(0, ANSWER_PROBE);

/**
 * The entry, among those the matches found (for the questions or the answer: a knowledge base of
 * 10,000 entries is not walked), whose answer is closest to the agents', if close enough.
 */
function entryAnswering(
  answerTerms: TermBag,
  matches: readonly ReturnType<ProposalKnowledge['engine']['match']>[],
  excluded: ReadonlySet<string> = new Set(),
): KnowledgeProposal['target'] {
  let best: KnowledgeProposal['target'];
  const seen = new Set<string>();
  for (const match of matches)
    for (const { entry } of match.top) {
      if (excluded.has(entry.id) || seen.has(entry.id)) continue;
      seen.add(entry.id);
      const score = similarity(answerTerms, entryAnswerTerms(entry.answer));
      if (score >= ENTRY_ANSWER && score > (best?.score ?? 0))
        best = { entryId: entry.id, question: entry.question, answer: entry.answer, by: 'answer', score };
    }
  return best;
}

// Entry answers change only with the knowledge base: their terms are kept between listings.
const answerTermsCache = new BoundedMap<string, TermBag>(20_000);
function entryAnswerTerms(answer: string): TermBag {
  let terms = answerTermsCache.get(answer);
  if (!terms) {
    terms = termsOf(answer);
    answerTermsCache.set(answer, terms);
  }
  return terms;
}

/** Distinct texts (the same after normalisation counts as one, shown as first written), most frequent first, then first given. */
function tally(texts: readonly string[]): { text: string; count: number }[] {
  const byKey = new Map<string, { text: string; count: number }>();
  for (const text of texts) {
    const key = normalizeText(text);
    const found = byKey.get(key);
    if (found) found.count++;
    else byKey.set(key, { text, count: 1 });
  }
  // A stable sort: equals stay in the order they were first given.
  return [...byKey.values()].sort((a, b) => b.count - a.count);
}
