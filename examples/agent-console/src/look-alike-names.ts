/**
 * Letters of other scripts that fonts draw as a Latin letter or a CJK character (Cyrillic, Greek,
 * Armenian, dotless Latin; Katakana drawn as ideographs: 王ロ and 王口), by the one they pass for:
 * the part of Unicode's confusables a name in a directory can use. Capitals and small letters both,
 * since the skeleton lowercases only after mapping (Greek Η lowercases to η).
 */
const PASSES_FOR = new Map(
  Object.entries({
    a: 'АаΑα',
    b: 'ВЬьΒ',
    c: 'Ссϲ',
    d: 'ԁ',
    e: 'ЕеΕ',
    g: 'ɡ',
    h: 'НнһΗհ',
    i: 'ІіΙιı',
    j: 'Јјϳȷ',
    k: 'КкΚκ',
    l: 'Ӏӏ1|',
    m: 'МмΜ',
    n: 'Νո',
    o: 'ОоΟοօ0',
    p: 'РрΡρ',
    q: 'ԛ',
    s: 'Ѕѕ',
    t: 'ТтΤ',
    u: 'ս',
    v: 'ν',
    w: 'ԝ',
    x: 'ХхΧχ',
    y: 'УуҮүΥυ',
    z: 'Ζ',
    口: 'ロ',
    力: 'カ',
    工: 'エ',
    二: 'ニ',
    八: 'ハ',
    卜: 'ト',
    夕: 'タ',
    一: 'ー',
    '○': '〇',
  }).flatMap(([to, from]) => Array.from(from, (c): [string, string] => [c, to])),
);

/** What shows nothing (default-ignorable code points: U+034F, tag characters, fillers, joiners) and combining marks. */
const UNSEEN = /[\p{Default_Ignorable_Code_Point}\p{Mn}\p{Me}]/gu;

/**
 * The name as it reads rather than as it is spelt, so that two names that look alike compare
 * equal: compatibility forms folded (full-width `Ｍｅｉ`, mathematical `𝐌𝐞𝐢`), what shows nothing and
 * accents dropped, other scripts' look-alike letters mapped, case and spaces folded; `I` and `l`
 * (and `1`), `rn` and `m`, read as one.
 * @example
 * nameSkeleton('M\u0435i') === nameSkeleton('Mei'); // true: a Cyrillic е
 */
export function nameSkeleton(name: string): string {
  const mapped = Array.from(name.normalize('NFKD').replace(UNSEEN, ''), (c) => PASSES_FOR.get(c) ?? c);
  return mapped.join('').toLowerCase().replace(/i/g, 'l').replace(/rn/g, 'm').replace(/\s+/gu, ' ').trim();
}

/**
 * How a list of colleagues is labelled where an agent picks one (transfer, assign): by name, and by
 * name and id where two names look alike (see {@link nameSkeleton}). A directory's display name is
 * often the agent's own choice, and the id is the merchant's. Two people may share a name too.
 * @example
 * distinctLabels([{ id: 'mei', name: 'Mei' }, { id: 'x', name: 'M\u0435i' }]); // ['Mei (mei)', 'Mеi (x)']
 */
export function distinctLabels(people: readonly { id: string; name: string }[]): string[] {
  const seen = new Map<string, number>();
  const skeletons = people.map((p) => nameSkeleton(p.name));
  for (const s of skeletons) seen.set(s, (seen.get(s) ?? 0) + 1);
  return people.map((p, i) => (seen.get(skeletons[i]!)! > 1 ? `${p.name} (${p.id})` : p.name));
}
