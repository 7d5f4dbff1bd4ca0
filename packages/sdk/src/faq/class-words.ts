/**
 * Words a shopper types for one instance of a class a merchant writes in full: 「西藏包邮吗」 asks about
 * 「偏远地区」 (the mainland's remote regions), but shares only a concept with 「偏远地区能发货吗？」 and
 * every word of 「包邮吗？」, which then ranked first (thirteenth to sixteenth outside QA passes). The
 * analyzer reads the class's text beside such a word, as if the shopper had also typed it, so the
 * entry that writes the class meets the question in its own words. General vocabulary: the regions
 * mainland shops and couriers call remote, not any one shop's list.
 */
export type ClassWords = ReadonlyArray<readonly [classText: string, instances: readonly string[]]>;

export const DEFAULT_CLASS_WORDS: ClassWords = [
  ['偏远地区', ['新疆', '西藏', '青海', '内蒙古', '宁夏', '甘肃', '海南']],
];

/** The class texts of the instances `normalized` names, each once, for the analyzer to add. */
export function classTexts(normalized: string, classes: ClassWords): string[] {
  return classes.flatMap(([text, instances]) =>
    instances.some((w) => normalized.includes(w)) && !normalized.includes(text) ? [text] : [],
  );
}
