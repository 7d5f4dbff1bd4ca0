/**
 * The negation of a Chinese question frame: A-not-A (能不能, 是不是, 可不可以, 有没有, 退不退) and 是否,
 * 能否, 可否. Shoppers ask a yes-no question so; the frame says "whether", not "not", yet as
 * character bigrams it wrote 不能, 不是, 没有 into the query, words entries use for real negations
 * (「为什么不能用优惠券」). Measured on the dev splits (docs/evaluation-log.md, sparse-vocab-5): demo
 * zh sparse hit@1 at the defaults 0.776 → 0.783, AFQMC 0.554 → 0.560 (ranking 0.619 → 0.625),
 * demo zh mixed off-topic refused 0.970 → 0.980, nothing lower; with 否 AFQMC answered correctly
 * 0.048 → 0.060.
 *
 * @returns the indices of `chars` that are such a negation: neither a term nor half of a bigram.
 */
export function questionFrame(chars: readonly string[]): Set<number> {
  const at = new Set<number>();
  for (let i = 1; i < chars.length; i++) {
    const c = chars[i];
    if ((c === '不' || c === '没') && chars[i - 1] === chars[i + 1]) at.add(i);
    else if (c === '否' && '是能可'.includes(chars[i - 1]!)) at.add(i);
  }
  return at;
}
