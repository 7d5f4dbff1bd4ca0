import type { KnowledgeBaseEntry } from './knowledge-base.ts';
import { plainAnswer } from './plain-answer.ts';

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

/** How much of the converted text the finding quotes: enough to see the lines and a link. */
const SAMPLE = 80;

/**
 * Markup in what shoppers see of an entry: the doctor's finding, and the warning an import answers
 * with (a file exported from a help centre imports fine). The bot sends an answer's and a quick
 * reply's markup as plain text (plainAnswer), so the finding shows that text for the merchant to
 * check; a question ("did you mean" button) and markup the conversion does not read show as typed.
 * @example
 * markupFindings({ id: 'ship', question: '运费', answer: '<p>满 99 包邮</p>', alternatives: [], tags: [] });
 * // [{ kind: 'markup_in_answer', entryId: 'ship', markup: '<p>', message: 'the answer contains "<p>": the chat shows it as plain text: "满 99 包邮"' }]
 */
export function markupFindings(entry: KnowledgeBaseEntry): MarkupFinding[] {
  // The question is shown too, as a "did you mean" button: markup in it is most often a shopper's,
  // approved from traffic (knowledge proposals keep the shopper's words), and is shown as typed.
  const shown: Array<[text: string, where: string, converted: boolean]> = [
    [entry.question, 'the question', false],
    [entry.answer, 'the answer', true],
    // A quick reply's label is a button's text (a label copied from a rich-text answer).
    ...(entry.quickReplies ?? []).map((r): [string, string, boolean] => [
      r.label,
      `the quick reply "${r.label}"`,
      true,
    ]),
  ];
  return shown.flatMap(([text, where, converted]) => {
    const markup = MARKUP.exec(text)?.[0];
    if (!markup) return [];
    const plain = converted ? plainAnswer(text) : text;
    return [
      {
        kind: 'markup_in_answer' as const,
        severity: 'warning' as const,
        entryId: entry.id,
        markup,
        message: `${where} contains "${markup}": ${plain === text ? asTyped(where) : asPlain(plain)}`,
      },
    ];
  });
}

/** The converted text, quoted from its start (new lines as \n), so the merchant sees what shoppers get. */
function asPlain(plain: string): string {
  const chars = [...plain];
  const sample = chars.length > SAMPLE ? `${chars.slice(0, SAMPLE).join('')}…` : plain;
  // What to do if it reads wrong: the conversion is a guess at the help centre's layout.
  return `the chat shows it as plain text: ${JSON.stringify(sample)}; write plain text to choose the wording yourself`;
}

function asTyped(where: string): string {
  return where === 'the question'
    ? 'a "did you mean" button shows it as typed'
    : 'shoppers would see it as typed; write plain text (a new line for a paragraph, a link as its https:// address, which the chat makes a link)';
}
