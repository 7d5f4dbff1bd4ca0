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
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:ss|us|is|ys)$/.test(w)) {
    // "address", "status", "this", "days": the s is part of the word, or the word is already short.
    if (w.endsWith('ys')) w = w.slice(0, -1);
  } else if (/(?:sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s')) w = w.slice(0, -1);

  if (w.endsWith('ing') && w.length >= 6) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length >= 5) w = w.slice(0, -2);
  else if (w.endsWith('ment') && w.length >= 9) w = w.slice(0, -4);
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
  if (n >= 4 && w[n - 1] === w[n - 2] && /[bdfgklmnprtvz]/.test(w[n - 1]!)) return w.slice(0, -1);
  return w;
}
