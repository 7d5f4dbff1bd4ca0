import type { KnowledgeBaseEntry } from './knowledge-base.ts';

/** The doctor's finding of markup in what shoppers see of an entry. */
export interface MarkupFinding {
  /** In the answer or in a quick reply's label (the message says which). */
  kind: 'markup_in_answer';
  severity: 'warning';
  entryId: string;
  /** The first tag or entity found. */
  markup: string;
  message: string;
}

/**
 * An HTML tag or character entity (answers pasted from a web page or a rich-text editor), or
 * Markdown's bold, link or heading (answers written for a help centre).
 */
const MARKUP =
  /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>|&(?:[a-z]+|#\d+);|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)|^#{1,6} [^\n]+/im;

/**
 * Markup in what shoppers see of an entry, which is sent as plain text: the doctor's finding, and the
 * warning an import answers with (a file exported from a help centre imports fine and shows its tags).
 * @example
 * markupFindings({ id: 'ship', question: '运费', answer: '<p>满 99 包邮</p>', alternatives: [], tags: [] });
 * // [{ kind: 'markup_in_answer', entryId: 'ship', markup: '<p>', message: 'the answer contains "<p>": …' }]
 */
export function markupFindings(entry: KnowledgeBaseEntry): MarkupFinding[] {
  // A quick reply's label is a button's plain text too (a label copied from a rich-text answer).
  // The question is shown too, as a "did you mean" button: markup in it is most often a shopper's,
  // approved from traffic (knowledge proposals keep the shopper's words).
  const shown: Array<[text: string, where: string, effect: string]> = [
    [entry.question, 'the question', 'a "did you mean" button shows it as typed'],
    [
      entry.answer,
      'the answer',
      // What to write instead: a help centre's export is all markup, and "it shows" alone left the fix to guess.
      'answers are sent as plain text, so shoppers would see it as typed; write plain text (a new line for a paragraph, a link as its https:// address, which the chat makes a link)',
    ],
    ...(entry.quickReplies ?? []).map((r): [string, string, string] => [
      r.label,
      `the quick reply "${r.label}"`,
      'its button shows it as typed',
    ]),
  ];
  return shown.flatMap(([text, where, effect]) => {
    const markup = MARKUP.exec(text)?.[0];
    return markup
      ? [
          {
            kind: 'markup_in_answer' as const,
            severity: 'warning' as const,
            entryId: entry.id,
            markup,
            message: `${where} contains "${markup}": ${effect}`,
          },
        ]
      : [];
  });
}
