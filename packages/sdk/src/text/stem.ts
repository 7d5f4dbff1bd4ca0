/**
 * A light English stemmer: plural, -ing, -ed, -ment and -ly endings, plus a dropped final "e", so
 * that "cancelled", "cancelling" and "cancel" (or "purchase", "purchasing") share one term. It is
 * deliberately weaker than Porter: over-stemming merges words shoppers keep apart ("use"/"user").
 *
 * @example
 * stem('cancelling'); // 'cancel'
 * stem('deliveries'); // 'delivery'
 */
export function stem(word: string): string {
  let w = americanSpelling(word);
  if (w.length <= 3 || DIGIT.test(w) || OWN_PLURALS.has(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (S_OF_THE_WORD.test(w)) {
    // "address", "status", "this", "days": the s is part of the word, or the word is already short.
    if (w.endsWith('ys')) w = w.slice(0, -1);
  } else if (ES_PLURAL.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s')) w = w.slice(0, -1);

  if (w.endsWith('ing') && w.length >= 6) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length >= 5) w = w.slice(0, -2);
  else if (w.endsWith('ment') && w.length >= 9) w = w.slice(0, -4);
  // The "-izer" product is the "-ize" verb's: "fertilizer"/"fertilize", "moisturizer"/"moisturize".
  else if (w.endsWith('izer') && w.length >= 7) w = w.slice(0, -2);
  // "-bly" keeps its l, as the "-ble" word it comes from: "assembly" and "assemble", "possibly" and "possible".
  else if (w.endsWith('bly') && w.length >= 6) w = w.slice(0, -1);
  else if (w.endsWith('ly') && w.length >= 6) w = w.slice(0, -2);

  // Undoubled with or without a suffix, so "install" and "installed" (or "bill" and "billing") meet,
  // as "cancelled" and "cancel" do.
  w = undouble(w);
  if (w.endsWith('e') && w.length >= 4) w = w.slice(0, -1);
  return w;
}

/** "shipp" → "ship", "cancell" → "cancel", "install" → "instal"; a doubled s stays ("miss"). */
function undouble(w: string): string {
  const n = w.length;
  if (n >= 4 && w[n - 1] === w[n - 2] && UNDOUBLED.test(w[n - 1]!)) return w.slice(0, -1);
  return w;
}

// Module constants: a regular expression literal is a new object each time it is evaluated, and
// every word of every shopper message is stemmed.
const DIGIT = /\d/;
/** Plurals that name something else than their singular: "customs" (import duties) is not "custom"
 * (made to order), and a synonym group for one gave its concept to the other. */
const OWN_PLURALS: ReadonlySet<string> = new Set(['customs']);
const S_OF_THE_WORD = /(?:ss|us|is|ys)$/;
const ES_PLURAL = /(?:sh|ch|x|z)es$/;
const UNDOUBLED = /[bdfgklmnprtvz]/;

/** Spellings that differ beyond regular endings (not worth a pattern of their own). */
const AMERICAN_WORDS: ReadonlyMap<string, string> = new Map([
  ['jewellery', 'jewelry'],
  ['aluminium', 'aluminum'],
  ['grey', 'gray'],
  ['licence', 'license'],
  ['defence', 'defense'],
  ['offence', 'offense'],
  ['tyre', 'tire'],
  ['tyres', 'tires'],
  ['pyjamas', 'pajamas'],
  ['programme', 'program'],
  ['programmes', 'programs'],
  ['enrolment', 'enrollment'],
  ['fulfilment', 'fulfillment'],
  // Plurals in -ves of words in -f or -fe (most -ves words are -ve words: drives, gloves, valves).
  ['knives', 'knife'],
  ['shelves', 'shelf'],
  ['scarves', 'scarf'],
  ['halves', 'half'],
  ['wolves', 'wolf'],
  ['loaves', 'loaf'],
  ['thieves', 'thief'],
  ['wives', 'wife'],
  ['calves', 'calf'],
  ['hooves', 'hoof'],
]);

/**
 * British spellings folded to American ones before stemming, so a knowledge base written in one and
 * a shopper typing the other meet: "moisturiser"/"moisturizer", "colours"/"colored",
 * "centre"/"center", "litre"/"liter", "catalogue"/"catalog". A few letters must come before the
 * ending, so short words that merely end alike ("rise", "noise", "hour", "flour", "vogue") stay.
 */
const BRITISH_ENDING =
  /(?:is|ys)(?:e|ed|er|ers|es|ing|ation|ations)$|our(?:s|ed|ing|ite|ites|able|ful)?$|tres?$|ogues?$/;

function americanSpelling(word: string): string {
  const whole = AMERICAN_WORDS.get(word);
  if (whole) return whole;
  // Most words have none of the endings: one test, not five replaces (each made its match's objects).
  if (!BRITISH_ENDING.test(word)) return word;
  return word
    .replace(/^(.{3,})is(e|ed|er|ers|es|ing|ation|ations)$/, '$1iz$2')
    .replace(/^(.{3,})ys(e|ed|es|ing)$/, '$1yz$2')
    .replace(/^(.{3,})our(s|ed|ing|ite|ites|able|ful)?$/, '$1or$2')
    .replace(/^(.{2,})tre(s)?$/, '$1ter$2')
    .replace(/^(.{3,})ogue(s)?$/, '$1og$2');
}
