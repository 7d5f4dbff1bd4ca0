// Chinese shoppers open most messages with a greeting or "may I ask" (你好，请问…; 亲，在吗？…) and
// English ones with "hi"; many close with thanks. Those words name no topic, yet they count against a
// match twice: their bigrams are words the shop never uses (the question looks less known), and the
// greeting cue reads as chat for a person. They are taken off both ends before matching, as general
// vocabulary (not fitted to any query set), when a question remains.

/** Openers that are unambiguous wherever they start a message. */
const OPENERS = [
  '你们好',
  '你好啊',
  '你好呀',
  '你好',
  '您好',
  '妳好',
  '大家好',
  '哈喽',
  '哈啰',
  '哈囉',
  '哈嘍',
  '亲亲',
  '亲爱的',
  '在吗',
  '在嗎',
  '在么',
  '在嘛',
  '在不在',
  '请问一下',
  '請問一下',
  '请问',
  '請問',
  '我想问一下',
  '我想問一下',
  '想问一下',
  '想問一下',
  '我想问问',
  '想问问',
  '问一下',
  '問一下',
  '咨询一下',
  '諮詢一下',
  '不好意思',
  '想请问一下',
  '想請問一下',
  '想请问',
  '想請問',
  '打扰一下',
  '打擾一下',
  '麻烦问一下',
  '麻煩問一下',
  // Cantonese "excuse me" before a question (唔該，幾時到？).
  '唔该',
  '唔該',
  // A follow-up's lead-in (那如果…呢, 对了…): how the question links to the last one, not its topic.
  '那如果',
  '如果',
  '那么',
  '那麼',
  '另外',
  '对了',
  '對了',
  '早上好',
  '上午好',
  '中午好',
  '下午好',
  '晚上好',
];
/** Openers that also begin real words (亲子装, 客服电话, 嗨…): only before punctuation or another opener. */
const SHORT_OPENERS = ['亲', '親', '嗨', '客服', '老板', '店家', '掌柜'];
// Dashes too: "one more thing - do you…" (a hyphen between spaces, as people type one).
const SEPARATOR = /^[\s,，.。!！?？~～、:：;；…·—–-]+/;
const LATIN_OPENER =
  /^(?:(?:hi|hello|hey|hiya)(?: (?:there|team|guys|all|everyone|folks))?|yo|dear (?:team|support|sir|madam)|good (?:morning|afternoon|evening|day)|excuse me|sorry(?: to (?:bother|trouble) you| to bother)?|btw|by the way|oh and|one more thing|quick (?:q|question))(?![a-z])/i;
/**
 * "I have a question: …", "我又问一个问题：…": what the colon introduces is the question. Only 问/有 +
 * 问题: 问题 alone is also "a problem", and 质量问题：… names the topic.
 */
const PREAMBLE =
  /^(?:[^:：?？]{0,16}[问問有](?:一个|一個|个|個)?[问問][题題]|[^:?]{0,24}\bquestion)\s*[:：]\s*/i;
/** Softening particles at a sentence's end (运费怎么算呀？): tone, not topic; 吗 and 呢 ask, so they stay. */
const PARTICLES = /[呀啊哦喔嘛啦哈呐]+(?=[\s,，.。!！?？~～、…]*$)/;
/**
 * Thanks, "sorry to trouble you" and a closing 亲 (not the end of 母亲, 相亲 …) after a question;
 * "thanks a lot", "cheers", "ty" after an English one. A 亲 after thanks is the lone 亲's to match:
 * were it also the thanks' own suffix, each 谢谢亲 could be read two ways, and 21 of them before a
 * last character held the thread for a second per message (2^21 tries). Exported for that test.
 */
export const CLOSER =
  /(?:[\s,，.。!！~～、…]|(?:谢谢|謝謝|多谢|多謝|感谢|感謝)(?:你|您|啦|了|晒|曬)?|唔[该該](?:晒|曬|你|您)?|谢啦|謝啦|感恩|麻烦(?:你|您)?了|麻煩(?:你|您)?了|辛苦(?:你|您)?了|(?<![母父双雙乡鄉相探省定成亲親])[亲親]|(?<![a-z])(?:thanks?(?: you)?(?: (?:so much|very much|a lot|in advance))?|many thanks|thx|ty|cheers|please|pls|appreciate it)(?![a-z]))+$/i;

/**
 * Thanks and nothing else (谢谢！, 好的谢谢, 感恩, Cantonese 唔該晒, 3Q, thank you so much, thank u), maybe with an "OK" or
 * "cool" (明白了谢谢, cool, thanks a lot!): said after an answer, not a question. A thumbs-up, OK hand, folded hands or heart alone (👍, 🙏🏻) says the same in chat.
 */
const THANKS_ONLY =
  /^(?:[\s,，.。!！~～、…]|好的|好滴|好|嗯|ok(?:ay)?|明白了?|了解了?|知道了?|收到了?|谢谢|謝謝|多谢|多謝|唔该|唔該|[晒曬]|谢啦|謝啦|感谢|感謝|感恩|[你您们們亲親啦了哈呀哦喔]|(?:👍|👌|🙏|❤|♥|💕|😊|🙂|😀|😃|😄|😁|☺)(?:\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}|\uFE0F)?|(?<![a-z0-9])(?:thanks?(?: you| u)?(?: (?:so much|very much|a lot))?|thx|tks|ty|3q|cool|great|perfect|nice|awesome|alright|got it|i see|noted|no|that helps|that's helpful|helpful)(?![a-z]))+$/iu;

/**
 * Whether the message only thanks (a thanks word, with "ok" or punctuation around it), which
 * deserves a "you're welcome" rather than the off-topic decline.
 * @example
 * isThanksOnly('好的，谢谢！'); // true
 * isThanksOnly('谢谢，运费多少'); // false
 */
export function isThanksOnly(message: string): boolean {
  return THANKS_ONLY.test(message.trim()) && /谢|謝|感|该|該|th|ty|tks|3q|👍|👌|🙏|❤|♥|💕/iu.test(message);
}

/**
 * "OK", "got it", 好的, 明白了, 收到, "never mind" (算了, nvm), or a goodbye (拜拜, bye), and nothing else: the shopper took in an
 * answer. It asks nothing, so it is neither a question for the knowledge base nor one the bot failed to answer.
 * A laugh takes its whole run of 哈 (`(?!哈)`): as `哈哈+` inside the repeated group, a run could be cut
 * into pieces of two or more in exponentially many ways, and 60 of them before a 吗, a shopper's
 * one message, held the hub's thread for hours. Exported for that test.
 */
export const ACKNOWLEDGEMENT_ONLY =
  /^(?:[\s,，.。!！~～、…]|好的|好滴|好嘞|好哒|好吧|好|嗯|哦|噢|喔|ok了|知道了?|知道啦|明白了?|了解了?|懂了|收到了?|行|可以了?|没问题|沒問題|没事了?|沒事了?|算了|不用了|好的呢|哈{2,}(?!哈)|呵呵|嘿嘿|是的|对的?|對的?|再见|再見|拜拜|(?<![a-z0-9])(?:never ?mind|nvm|yes|yeah|yep|yup|ha(?:ha)+|hehe|lol|bye(?: ?bye)?|good ?bye|see (?:you|ya)|cya|ok(?:ay|ie)?|k+|alright|all right|got it|gotcha|i see|cool|great|perfect|nice|sure|fine|understood|noted|awesome|good|sounds good|makes sense|will do|no problem|np)(?![a-z]))+$/iu;

/**
 * Whether the message only acknowledges (see {@link ACKNOWLEDGEMENT_ONLY}): the bot says it is still
 * there, instead of the off-topic decline or a hand-over to a person.
 * @example
 * isAcknowledgementOnly('好的，明白了'); // true
 * isAcknowledgementOnly('ok, and the shipping cost?'); // false
 */
export function isAcknowledgementOnly(message: string): boolean {
  return ACKNOWLEDGEMENT_ONLY.test(message.trim()) && /[\p{L}]/u.test(message);
}

/**
 * The query without courtesy at its ends; the query itself when nothing else would be left (a lone
 * "你好" is a greeting, which the bot answers in kind).
 * @example
 * withoutCourtesy('你好，请问运费多少？谢谢'); // '运费多少？'
 * withoutCourtesy('亲子装有吗'); // '亲子装有吗' (亲 opens a word here)
 * withoutCourtesy('我又问一个问题：运费多少'); // '运费多少'
 */
export function withoutCourtesy(query: string): string {
  let rest = query.trimStart();
  for (;;) {
    const before = rest;
    rest = rest.replace(SEPARATOR, '');
    const opener = OPENERS.find((o) => rest.startsWith(o));
    if (opener) rest = rest.slice(opener.length);
    else {
      const short = SHORT_OPENERS.find((o) => rest.startsWith(o) && opensAlone(rest.slice(o.length)));
      if (short) rest = rest.slice(short.length);
      else rest = rest.replace(LATIN_OPENER, '');
    }
    if (rest === before) break;
  }
  rest = withoutEnd(withoutEnd(rest.replace(PREAMBLE, ''), CLOSER), PARTICLES);
  return /[\p{L}\p{N}]/u.test(rest) ? rest : query;
}

/** How much of a message's end the closing patterns read at a time. */
const TAIL = 64;

/**
 * `text` without what `end` (a pattern anchored at the end) matches there, read a tail at a time:
 * run over a whole message, a pattern ending in `+$` retries from every position of a long run of
 * punctuation, which is quadratic in the message's length.
 */
function withoutEnd(text: string, end: RegExp): string {
  let rest = text;
  for (;;) {
    const cut = Math.max(0, rest.length - TAIL);
    const tail = rest.slice(cut).replace(end, '');
    if (tail.length === rest.length - cut) return rest;
    rest = rest.slice(0, cut) + tail;
    if (tail.length > 0 || cut === 0) return rest;
  }
}

/** Whether what follows a short opener shows it stood alone: punctuation, the end, or another opener. */
function opensAlone(after: string): boolean {
  return (
    after === '' ||
    SEPARATOR.test(after) ||
    OPENERS.some((o) => after.startsWith(o)) ||
    SHORT_OPENERS.some((o) => after.startsWith(o))
  );
}
