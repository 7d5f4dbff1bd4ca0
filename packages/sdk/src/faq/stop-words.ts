/**
 * Words that carry no topic in a shopper's question, from general English and Chinese usage and the
 * politeness of customer-service chat ("hi", "please", "help me", 亲, 请问). They still count for
 * synonym phrases ("sign up", "how long") but never become index terms of their own. "much" is one
 * since an outside QA pass over a knowledge base of headings ("Shipping costs"), where it was a word
 * the shop never used and "how much is shipping" was only offered; "how much" is still `price`.
 * "take" ("how long does it take"), "still", "yet", "really", "actually", "anymore" and "lol" are
 * chat fillers from the same pass (demo en sparse dev hit@1 0.797 → 0.814; "work" and "long" were
 * tried and dropped: demo en dev 0.898 → 0.881, and a wrong answer more on the headings shop).
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the this that these those i me my mine myself we us our ours you your yours u ur ya yall he him his she her ' +
    'it its they them their is am are was were be been being have has had having do does did doing done will would ' +
    'shall should can could may might must to of in on at by for with about from into onto up down out over under ' +
    'again then once here there when where why how what which who whom whose if or and but because as until while ' +
    'so than too very just also only own same such both each few more most other some any all no nor not now ' +
    'im ive id ill youre youve dont doesnt didnt cant cannot couldnt wont wouldnt isnt arent wasnt havent hasnt ' +
    'please pls plz thanks thank thx hi hello hey dear sir madam ok okay yes yeah ' +
    'help helping assist assistance assisting support need needs needed want wanna wanted gonna gotta like ' +
    'know tell show let lets try trying tried able way get got getting going go something anything someone ' +
    'thing things one ones much take still yet really actually anymore lol'
  ).split(' '),
);

/**
 * Wh-words and pronouns with a clitic `'s` as normalizeText leaves them (apostrophes dropped, so
 * "where's" is "wheres"): read as the two words they stand for, or "where's my order" misses the
 * "where is" of the knowledge base and its synonym phrases, and "wheres" becomes a topic word.
 */
export const ENGLISH_CONTRACTIONS: ReadonlyMap<string, readonly string[]> = new Map(
  ['what', 'where', 'when', 'who', 'why', 'how', 'that', 'there', 'here'].map((w) => [`${w}s`, [w, 'is']]),
);

/**
 * Chinese function characters and particles. A character here is dropped as a unigram, and a bigram
 * made only of these characters ("请问", "我们", "怎么") is dropped too.
 */
export const CHINESE_STOP_CHARS: ReadonlySet<string> = new Set([
  ...'的了吗呢吧啊呀嘛哦哈噢喔么我你您他她它们是在个这那就都也还和跟与或请问一下要想能可以会给把被让帮亲哪怎什样如何啥咋些么嗯哎诶呃么得地着过吖滴哒',
]);
