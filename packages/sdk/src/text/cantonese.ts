/**
 * Written Cantonese (Hong Kong shoppers) read as the Mandarin a knowledge base is written in, so
 * 「幾時到」 meets 多久/什么时候, 「有冇得換」 meets 换货 and 「點樣退貨」 meets 怎么退货. Applied to
 * text already folded to Simplified and lower-cased. Only forms with one meaning in a shop's chat:
 * 唔 becomes 不 only before another Han character (a lone 唔 is a Mandarin "hm"), 呢 becomes 这 only
 * before a measure word (elsewhere it is the Mandarin question particle), 边 only in 边度/边个/边间
 * and after 去到/去咗 ("got to where"). 点 before a verb is 怎么 unless a Mandarin word ends in 点 there
 * (一点用, 快点寄, 网点); 晒 ("all") only after the verbs listed (暴晒 and 晒单 are Mandarin). Hong Kong's
 * own shop words (雪柜, 朱古力, 落单, 碌卡 …) become the mainland's, so either meets the other.
 */
const WORDS: ReadonlyArray<readonly [string, string]> = [
  ['唔该晒', '谢谢'],
  ['唔该', '谢谢'],
  ['多谢晒', '谢谢'],
  ['有冇得', '可以'],
  ['有冇', '有没有'],
  ['系唔系', '是不是'],
  ['得唔得', '行不行'],
  ['几时', '什么时候'],
  ['几耐', '多久'],
  ['几多钱', '多少钱'],
  ['几多', '多少'],
  ['几钱', '多少钱'],
  ['点样', '怎么'],
  ['点算', '怎么办'],
  ['点解', '为什么'],
  ['乜嘢', '什么'],
  ['咩嘢', '什么'],
  ['去到边', '到哪里'],
  ['去咗边', '去哪里'],
  ['边度', '哪里'],
  ['边个', '哪个'],
  ['边间', '哪家'],
  ['呢度', '这里'],
  ['咁样', '这样'],
  ['你哋', '你们'],
  ['我哋', '我们'],
  ['佢哋', '他们'],
  ['仲未', '还没'],
  // From the 13th outside pass (a Hong Kong snack shop, 2026-12-07).
  ['系咪', '是不是'],
  ['喺边', '在哪里'],
  ['几日', '几天'],
  ['钟意', '喜欢'],
  ['落咗单', '下了单'],
  ['落单', '下单'],
  ['卖晒', '卖完'],
  ['用晒', '用完'],
  ['食晒', '吃完'],
  ['碎晒', '碎了'],
  ['烂晒', '烂了'],
  ['坏晒', '坏了'],
  ['雪柜', '冰箱'],
  ['朱古力', '巧克力'],
  ['啫喱', '果冻'],
  ['细路', '小孩'],
  ['碌卡', '刷卡'],
  ['入货', '进货'],
  ['返工', '上班'],
  ['影相', '拍照'],
];

const WORD = new RegExp(WORDS.map(([w]) => w).join('|'), 'g');
const MANDARIN = new Map(WORDS);
// Single characters with one meaning: 冇 没, 嘅 的, 佢 他, 咗 了, 啲 些, 睇 看, 畀/俾 给, 搵 找 (揾 once
// folded to Simplified), 攞 拿, 嚟 来, 咩 什么, 嬲 angry.
const CHARS = new Map(
  Object.entries({
    冇: '没',
    嘅: '的',
    佢: '他',
    咗: '了',
    啲: '些',
    睇: '看',
    畀: '给',
    俾: '给',
    揾: '找',
    攞: '拿',
    嚟: '来',
    咩: '什么',
    嬲: '生气',
    喺: '在',
  }),
);
const CHAR = /[冇嘅佢咗啲睇畀俾揾攞嚟咩嬲喺]/g;
/** 食唔食得, 退唔退得 ("can one … or not") as 能不能食得, before 唔 becomes 不; 食得 stays for 「食得嗎」. */
const CAN_OR_NOT = /(\p{Script=Han})唔\1得/gu;
/** 点 + verb as "how to"; not after a character that makes a Mandarin word ending in 点. */
const HOW =
  /(?<![一几有差多早晚快慢重要特优缺终起地网据小亮热焦观论弱盲试站标景这那哪甜零半钟])点(?=[做计用放买寄退换搞])/g;
const NOT = /唔(?=\p{Script=Han})/gu;
const THIS = /呢(?=[个件款只双条对部台套位张本支])/g;

/** Whether the text may hold written Cantonese: one test before the replacements. */
const CANTONESE = /[冇嘅佢咗啲睇畀俾揾攞嚟咩嬲唔呢几点乜边咁系得多哋仲喺钟落晒雪朱啫细碌入返影]/;

/**
 * @example
 * cantoneseToMandarin('有冇得换'); // '有没有得换'
 * cantoneseToMandarin('几时到'); // '什么时候到'
 */
export function cantoneseToMandarin(text: string): string {
  if (!CANTONESE.test(text)) return text;
  return text
    .replace(CAN_OR_NOT, '能不能$1得')
    .replace(WORD, (w) => MANDARIN.get(w) ?? w)
    .replace(HOW, '怎么')
    .replace(CHAR, (c) => CHARS.get(c) ?? c)
    .replace(NOT, '不')
    .replace(THIS, '这');
}
