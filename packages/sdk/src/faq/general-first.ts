import { startsWithHan } from '../text/normalize.ts';
import { CONCEPT_PREFIX, type TermBag } from './analyzer.ts';
import type { FaqIndex } from './faq-index.ts';
import { queryTermsIn } from './match-signals.ts';

/**
 * Least score of the general entry, as a share of the scoped entry's, for it to take the first place:
 * dev (eval/dev-report.ts) gave the same in-scope figures from 0.3 to 0.5 and lost one English sparse
 * question at 0.7; 0.5 keeps a general entry that is clearly the weaker match behind.
 */
export const GENERAL_WITHIN = 0.5;

/**
 * Off a product's or category's page, a scoped entry ranked first gives its place to the best general
 * entry among the k shown when the scoped one holds none of the shopper's words that the general one
 * lacks: 「可以退貨嗎」 ranked 「电子产品能退货吗？」 (scoped to electronics) over 「支持七天无理由退货吗？」 on
 * their shared 退货 and 吗, and "how do i start a return" the earbuds' return entry over "How do I
 * request a return and refund?". Nothing in such a question is about the scoped product, and an
 * entry's extra product word should not win over the general sibling (the scope boost is the mirror
 * of this on the product's own page). Each entry keeps its own score, which is what the confidence
 * reads: the general entry moved ahead of a better-scored one has a negative margin, so it is offered
 * ("did you mean"), not answered. Costs one comparison of two entries' phrasings per query, and only
 * when the first entry is scoped and the question was asked off its page.
 */
export function generalFirst(
  index: FaqIndex,
  bag: TermBag,
  onPage: boolean,
  top: { topIdx: number[]; topScore: number[] },
): { topIdx: number[]; topScore: number[] } {
  const { topIdx, topScore } = top;
  const first = topIdx[0];
  if (onPage || first === undefined || !index.scoped[first]) return top;
  const at = topIdx.findIndex((e) => !index.scoped[e]);
  if (at < 0 || topScore[at]! < GENERAL_WITHIN * topScore[0]!) return top;
  if (namesScoped(index, bag, topIdx[at]!, first)) return top;
  const move = <T>(xs: T[]): T[] => [xs[at]!, ...xs.slice(0, at), ...xs.slice(at + 1)];
  return { topIdx: move(topIdx), topScore: move(topScore) };
}

/**
 * Whether the query holds a word of the scoped entry's phrasings that the general entry's lack. A
 * two-character Han term whose characters the general entry writes both is not one: it is where two
 * words meet (么退 of 「怎么退货」 in 「衣服怎么退货？」, against 「怎么申请退货退款？」), not a word of its own.
 */
function namesScoped(index: FaqIndex, bag: TermBag, general: number, scoped: number): boolean {
  const ofGeneral = queryTermsIn(index, bag, general);
  const { question, alternatives } = index.entries[general]!;
  const written = [question, ...alternatives].join(' ');
  for (const term of queryTermsIn(index, bag, scoped)) {
    if (term.startsWith(CONCEPT_PREFIX) || ofGeneral.has(term)) continue;
    const junction =
      term.length === 2 && startsWithHan(term) && written.includes(term[0]!) && written.includes(term[1]!);
    if (!junction) return true;
  }
  return false;
}
