// Shoppers paste what they are asking about: an order or tracking number, a phone number, a link,
// an e-mail address. None of these names a topic, yet each reads as a word the shop never uses, so
// "where is my order KF10023" looked less like the order-status question than "where is my order"
// and was handed to a person. They are taken out before matching (general, not fitted to queries).

/**
 * A link or an e-mail address, written whole without spaces. An address's local part starts where
 * a run of its characters does (the lookbehind): tried from every letter of a shopper's 4,000 `a`s,
 * `[\w.+-]+@` read the rest of the run each time, quadratic (45 ms a match, several per message).
 */
const LINK = /(?:https?:\/\/|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/giu;
/**
 * A run of digits (with letters, #, +, -, spaces or dots between groups) holding at least five digits:
 * order and tracking numbers (KF10023, SO-10023, #10023, SF1402938475), phone numbers (+1 415 555 0199,
 * 138-1234-5678). Shorter numbers (99 元, 16:00, 128GB, iPhone 15) say what is asked, and stay.
 * Its letters start where a run of letters does, for the reason LINK's local part does.
 */
const IDENTIFIER = /[#+]?(?<![A-Za-z])(?:[A-Za-z]*-?\d[\dA-Za-z]*(?:[ .-](?=[A-Za-z]*-?\d))?)+/gu;
const DIGIT = /\d/g;
const MIN_DIGITS = 5;

/**
 * The question without the identifiers pasted into it, each replaced by a space (so the words on
 * either side do not run together); the question itself when nothing else would be left.
 * `keepNumbers` keeps order and phone numbers (links still go): for a knowledge base whose own
 * questions carry them, where "an order number" is part of what is asked.
 * @example
 * withoutPastedIdentifiers('my order KF10023 where is it'); // 'my order   where is it'
 * withoutPastedIdentifiers('满99元包邮吗'); // unchanged
 */
export function withoutPastedIdentifiers(question: string, keepNumbers = false): string {
  const rest = pastedIdentifiersOut(question, keepNumbers);
  return /[\p{L}]/u.test(rest) ? rest : question;
}

/**
 * The question with its pasted identifiers replaced by spaces, even when nothing is left: what the
 * shopper wrote in their own words (a link's letters say nothing of their language).
 * @example
 * pastedIdentifiersOut('https://shop.example.com/p/1'); // ' '
 */
export function pastedIdentifiersOut(question: string, keepNumbers = false): string {
  // NFKC first: a Chinese IME types ＫＦ２０２６１２０１ in full width, and its letters read as English.
  const rest = question.normalize('NFKC').replace(LINK, ' ');
  return keepNumbers
    ? rest
    : rest.replace(IDENTIFIER, (run) => ((run.match(DIGIT)?.length ?? 0) >= MIN_DIGITS ? ' ' : run));
}
