import type { KnowledgeBaseEntry } from './knowledge-base.ts';
import { plainLabel, readMarkup } from './plain-answer.ts';

/** The doctor's finding of markup in what shoppers see of an entry. */
export interface MarkupFinding {
  /** In the answer, the question or a quick reply's label (the message says which). */
  kind: 'markup_in_answer';
  severity: 'warning';
  entryId: string;
  /** The first markup the bot converts, as written (a tag, an entity, a Markdown bold run or link). */
  markup: string;
  message: string;
}

/** How much of the converted text the finding quotes: enough to see the lines and a link. */
const SAMPLE = 80;

/**
 * Markup in what shoppers see of an entry: the doctor's finding, and the warning an import answers
 * with (a file exported from a help centre imports fine). Markup is what the bot converts when it
 * sends the entry (readMarkup, plainAnswer's reader): the finding quotes the plain text shoppers get
 * for the merchant to check, and text the conversion leaves alone ("<Enter>", "&bogus;") is none.
 * @example
 * markupFindings({ id: 'ship', question: '运费', answer: '<p>满 99 包邮</p>', alternatives: [], tags: [] });
 * // [{ kind: 'markup_in_answer', entryId: 'ship', markup: '<p>', message: 'the answer contains "<p>": the chat shows it as plain text: "满 99 包邮"; …' }]
 */
export function markupFindings(entry: KnowledgeBaseEntry): MarkupFinding[] {
  const shown: Array<[text: string, where: string]> = [
    // A "did you mean" button's text, on one line (plainLabel).
    [entry.question, 'the question'],
    [entry.answer, 'the answer'],
    // A quick reply's label is a button's text (a label copied from a rich-text answer).
    ...(entry.quickReplies ?? []).map((r): [string, string] => [r.label, `the quick reply "${r.label}"`]),
  ];
  return shown.flatMap(([text, where]) => {
    const { plain, markup } = readMarkup(text);
    if (markup === undefined) return [];
    const shownPlain = where === 'the answer' ? plain : plainLabel(text);
    return [
      {
        kind: 'markup_in_answer' as const,
        severity: 'warning' as const,
        entryId: entry.id,
        markup,
        message: `${where} contains "${markup}": ${shownPlain === text ? AS_TYPED : asPlain(shownPlain)}`,
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

/** Markup alone (an image, an empty paragraph), which the chat sends as written rather than as nothing. */
const AS_TYPED =
  'shoppers would see it as typed; write plain text (a new line for a paragraph, a link as its https:// address, which the chat makes a link)';
