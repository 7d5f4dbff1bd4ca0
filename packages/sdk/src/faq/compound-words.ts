/**
 * English compounds that name another thing than one of their words: a gift card is not a way to
 * pay by card, a gift voucher not a discount code, a grind size not the size of a bag. Inside one,
 * the analyzer reads no synonym concept of a phrase after its first word (the literal words still
 * count, and the first word, which says what kind, keeps its concept), so
 * "Do you sell gift cards?" no longer meets "what cards do you accept" on the `card` concept
 * (seventeenth outside QA pass; the sixteenth left it). General vocabulary, written as typed.
 */
export const DEFAULT_COMPOUNDS: readonly string[] = [
  'gift card',
  'e gift card',
  'gift certificate',
  'gift voucher',
  'grind size',
  'grind setting',
];
