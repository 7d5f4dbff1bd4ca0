// "没用", "that didn't help": the shopper says the bot's last answer did not help. Such a message
// names no shop topic, so English ones read as off-topic and got the decline ("I can only answer
// questions about the shop…") while 没用, too short to decide, happened to hand over. Read as a
// whole message only: 没用过的可以退吗 and "useless cable, I want a return" ask something else.

/** Chinese: (这/还是/根本…) 没(有)用 / 没帮助 / 没帮到, 答非所问, 不是我(想/要)问的. */
const ZH =
  /^(?:你|你的|你这|你這|这|這|这个|這個|那|回答|答案|这个回答|這個回答)?(?:还是|還是|根本|完全|真的|一点|一點)?(?:(?:没|沒)有?(?:用|帮助|幫助|帮到我?|幫到我?|帮上忙|幫上忙)|答非所[问問]|(?:不是|并不是|並不是)我(?:想|要)?(?:问|問)的?(?:问题|問題)?)(?:啊|呀|的|了|呢|哦|嘛|吧)*$/u;

/** English: "not helpful", "that didn't help", "that's not what I asked", "useless", "wrong answer". */
const EN =
  /^(?:(?:no|nope|sorry|hmm|ugh|well)\b,? ?)?(?:(?:still|again) )?(?:(?:that|this|it|your (?:answer|reply)|the answer)(?:'s| is| was)? )?(?:(?:still|again) )?(?:(?:not|n't|un)(?: very| really| at all)? ?(?:helpful|useful|relevant|helping)|(?:did ?n't|does ?n't|did not|does not|do not|don't) (?:help(?: me)?|answer (?:my|the) question)|(?:not|n't) (?:what|the thing) i (?:asked(?: for| about)?|meant|wanted|need(?:ed)?|was asking(?: for| about)?)|useless|no help|wrong answer|you (?:did ?n't|did not) (?:help(?: me)?|answer (?:my|the) question)|you(?:'re| are) not helping)(?: (?:at all|either|much|whatsoever))?$/;

/** Spaces, punctuation and symbols (👎, emoji) around and between the words. */
const EDGES = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/**
 * Whether a message, as a whole, says the bot's answer did not help (Chinese in either script, or
 * English): the FAQ bot then hands over, as it does for a request for a person.
 * @example
 * isNotHelped("that didn't help"); // true
 * isNotHelped('没用过的可以退吗'); // false
 */
export function isNotHelped(text: string): boolean {
  if (text.length > 80) return false;
  const bare = text.replace(EDGES, '');
  if (ZH.test(bare.replace(/\s+/g, ''))) return true;
  const en = bare
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/\b(that|this|it)(?:'s| was)\b/g, '$1 is');
  return EN.test(en);
}
