import { DEFAULT_POLICY } from '../seams/policy.ts';
import type { Understanding } from '../seams/understanding.ts';
import { readerLocale } from '../text/chinese-script.ts';
import { type HubLanguage, hubLanguage, languageOf, readsHongKong } from '../text/hub-language.ts';
import { detectLocale } from '../understand/detect-locale.ts';
import { isAcknowledgementOnly, isThanksOnly } from './courtesy.ts';
import { inShoppersWords } from './entry-language.ts';
import type { FaqDecision, FaqEngine } from './faq-engine.ts';
import { KB_LIMITS, type KnowledgeBaseEntry, type QuickReply } from './knowledge-base.ts';
import { isNotHelped } from './not-helped.ts';
import { pastedIdentifiersOut } from './pasted-identifiers.ts';
import { plainAnswer, plainLabel } from './plain-answer.ts';
import { showInShopperScript } from './shopper-script.ts';

/**
 * Content items as the protocol sends them. Defined structurally here so the engine does not depend on
 * the protocol package; the hub passes them through unchanged.
 */
export type Content =
  | { kind: 'text'; text: string }
  | { kind: 'quick_replies'; text?: string; replies: QuickReply[] };

export interface BotQuestion {
  text: string;
  /** The payload of the quick reply the shopper tapped, if any (`text` is then its label). */
  payload?: string;
  locale?: string;
  productId?: string;
  category?: string;
  understanding?: Understanding;
}

export interface BotAnswer {
  content: Content[];
  confidence: number;
  decision: FaqDecision;
  entryId?: string;
  /** True when a person should take over (asked for, not answerable, or an angry shopper). */
  handoff?: boolean;
}

interface Messages {
  didYouMean: string;
  noneOfThese: QuickReply;
  /** The button under the out-of-scope reply: a person stays one tap away. */
  person: QuickReply;
  fallback: string;
  /** The hand-over line for a complaint or an angry shopper: an apology, not "I can't answer that". */
  complaint: string;
  outOfScope: string;
  handoff: string;
  /** The reply to a greeting with nothing asked ("你好", "hi"): what the bot can do for them. */
  greeting: string;
  /** The reply to thanks alone ("谢谢", "thanks!"): welcome, and the bot is still there. */
  thanks: string;
  /** The reply to "OK", "got it", 好的, 明白了 alone: the bot is still there. */
  acknowledged: string;
}

const MESSAGES: Record<HubLanguage, Messages> = {
  zh: {
    didYouMean: '您是想问下面哪个问题？',
    noneOfThese: { label: '都不是，转人工', payload: '转人工' },
    person: { label: '转人工', payload: '转人工' },
    fallback: '抱歉，这个问题我暂时答不好，已为您转给人工客服。',
    complaint: '非常抱歉给您带来不好的体验，已为您转给人工客服处理。',
    outOfScope:
      '抱歉，我只能回答本店购物相关的问题，比如发货物流、退换货、尺码、保修、发票、支付和优惠。需要人工帮助请回复「转人工」。',
    handoff: '好的，已为您转给人工客服。',
    greeting:
      '您好！我是本店的智能客服，发货物流、退换货、尺码、保修、发票、支付和优惠的问题都可以问我。请问有什么可以帮您？',
    thanks: '不客气！还有其他问题随时问我。',
    acknowledged: '好的！还有其他问题随时问我。',
  },
  'zh-Hant': {
    didYouMean: '您是想問下面哪個問題？',
    noneOfThese: { label: '都不是，轉真人客服', payload: '轉人工' },
    person: { label: '轉真人客服', payload: '轉人工' },
    fallback: '抱歉，這個問題我暫時答不好，已為您轉給真人客服。',
    complaint: '非常抱歉給您帶來不好的體驗，已為您轉給真人客服處理。',
    outOfScope:
      '抱歉，我只能回答本店購物相關的問題，例如出貨物流、退換貨、尺寸、保固、發票、付款和優惠。需要真人協助請回覆「轉人工」。',
    handoff: '好的，已為您轉給真人客服。',
    greeting:
      '您好！我是本店的智慧客服，出貨物流、退換貨、尺寸、保固、發票、付款和優惠的問題都可以問我。請問有什麼可以幫您？',
    thanks: '不客氣！還有其他問題隨時問我。',
    acknowledged: '好的！還有其他問題隨時問我。',
  },
  en: {
    didYouMean: 'Did you mean one of these?',
    noneOfThese: { label: 'None of these — talk to a person', payload: 'talk to a human' },
    person: { label: 'Talk to a person', payload: 'talk to a human' },
    fallback: "Sorry, I don't have a good answer to that. I'm passing your question to a member of our team.",
    complaint: "I'm sorry about this. I'm passing it to a member of our team.",
    outOfScope:
      'Sorry, I can only help with shopping at this store: shipping, returns, sizes, warranty, invoices, payment and coupons. Type "talk to a human" to reach a person.',
    handoff: "Sure — I'll pass this to a member of our team.",
    greeting:
      "Hello! I'm the shop's assistant: ask me about shipping, returns, sizes, warranty, invoices, payment or coupons. How can I help?",
    thanks: "You're welcome! Ask me anything else any time.",
    acknowledged: 'Great! Ask me anything else any time.',
  },
};

// What a Hong Kong shopper reads instead of the Traditional texts' Taiwan words: 送貨 (出貨), 尺碼
// (尺寸), 保養 (保固, a warranty), 智能 (智慧).
const HONG_KONG: Partial<Messages> = {
  outOfScope:
    '抱歉，我只能回答本店購物相關的問題，例如送貨物流、退換貨、尺碼、保養、發票、付款和優惠。需要真人協助請回覆「轉人工」。',
  greeting:
    '您好！我是本店的智能客服，送貨物流、退換貨、尺碼、保養、發票、付款和優惠的問題都可以問我。請問有什麼可以幫您？',
};

/** Quick-reply payload prefix that asks for one entry directly (a tapped "did you mean"). */
export const FAQ_PAYLOAD_PREFIX = 'faq:';

export interface FaqAnswererOptions {
  /** Anger (0..1) at or above which an answer also requests a handoff (default the policy's `angerThreshold`, 0.7). */
  angerHandoff?: number;
  /** How many entries a "did you mean" offers (default 3, at most 9). */
  suggestions?: number;
  /**
   * Override the built-in texts. Chinese ones apply to shoppers of both scripts; `zh-Hant` ones,
   * over those, to shoppers whose locale is Traditional (zh-TW, zh-HK).
   */
  messages?: Partial<Record<HubLanguage, Partial<Messages>>>;
  /**
   * Show an entry written in Simplified characters in Traditional ones to a shopper whose locale
   * is Traditional (zh-TW, zh-HK, zh-Hant), and the reverse to a zh-CN shopper (default true).
   * `false` shows every entry as written.
   */
  convertScript?: boolean;
}

/**
 * The FAQ engine plus the conversation rules around it, on one question. The hub's `answer` is
 * `createFaqBot(engine)`, built on this: it adds the shopper's language and product scope.
 * A `faq:<id>` payload answers that entry; a request for a person hands off at once; otherwise the
 * engine decides: an answer; "did you mean" with the best entries and a way to a person, for a shop
 * question it is unsure about; a handover for a doubtful one; and the "only shop questions" decline,
 * with a button to a person, only for a question clearly outside the shop.
 *
 * @example
 * const answer = createFaqAnswerer(createFaqEngine(kb));
 * const reply = await answer({ text: '退货运费谁出', productId: 'p-hoodie', understanding: understand('退货运费谁出') });
 * // reply.decision === 'answer', reply.content[0] = { kind: 'text', text: '质量问题…' }
 */
export function createFaqAnswerer(
  engine: FaqEngine,
  options: FaqAnswererOptions = {},
): (question: BotQuestion) => Promise<BotAnswer> {
  // The anger at which the hub's escalation rules hand over by default: below it the bot's reply
  // (an off-topic decline, say) contradicted the hand-over the shopper got anyway.
  const angerHandoff = options.angerHandoff ?? DEFAULT_POLICY.angerThreshold;
  const suggestions = Math.min(options.suggestions ?? 3, KB_LIMITS.quickReplies - 1);
  const show =
    options.convertScript === false ? async (entry: KnowledgeBaseEntry) => entry : showInShopperScript;
  const messagesFor = (locale: HubLanguage, reader: string | undefined): Messages => ({
    ...MESSAGES[locale],
    ...(locale === 'zh-Hant' && readsHongKong(reader) ? HONG_KONG : undefined),
    ...(locale === 'zh-Hant' ? options.messages?.zh : undefined),
    ...options.messages?.[locale],
  });

  return async (question) => {
    const reader = readerLocale(question.locale, question.text);
    const locale = localeOf(question, reader);
    const m = messagesFor(locale, reader);
    const direct = question.text.trim();
    if (direct.startsWith(FAQ_PAYLOAD_PREFIX)) {
      const entry = engine.entry(direct.slice(FAQ_PAYLOAD_PREFIX.length).trim());
      if (entry) return entryAnswer(await show(entry, reader), 1);
    }
    const understanding = question.understanding;
    // The bot's own "a person" buttons mean what they say also where no understanding step runs
    // (the bot called directly): declined as off-topic, they told the shopper to ask for a person.
    const tapped = question.payload ?? direct;
    if (
      understanding?.intent === 'ask_for_human' ||
      tapped === m.person.payload ||
      tapped === m.noneOfThese.payload
    ) {
      return { content: [text(m.handoff)], confidence: 0, decision: 'fallback', handoff: true };
    }
    // "没用", "that didn't help": the last answer failed them, and the shop can do better than a
    // decline as off-topic. A person takes it, with the bot's line for a question it cannot answer.
    if (isNotHelped(direct))
      return { content: [text(m.fallback)], confidence: 0, decision: 'fallback', handoff: true };
    // Thanks or "OK" alone (after an answer, mostly) is welcomed, not declined as off-topic nor
    // handed to a person as a question the bot could not answer. Like the greeting, with a person
    // one tap away: as plain text the widget asked "Did this help?" under "You're welcome!".
    if ((understanding?.anger ?? 0) < angerHandoff) {
      const courtesy = isThanksOnly(direct)
        ? m.thanks
        : isAcknowledgementOnly(direct)
          ? m.acknowledged
          : undefined;
      if (courtesy)
        return {
          content: [{ kind: 'quick_replies', text: courtesy, replies: [m.person] }],
          confidence: 1,
          decision: 'answer',
        };
    }
    const match = engine.match(question.text, {
      ...(question.productId ? { productId: question.productId } : {}),
      ...(question.category ? { category: question.category } : {}),
      // The shopper's own locale: of an entry written in both scripts, theirs is ranked.
      locale: question.locale ?? locale,
    });
    const angry = (understanding?.anger ?? 0) >= angerHandoff;
    const top = match.top[0];
    if (match.decision === 'answer' && top) {
      return {
        ...entryAnswer(await show(top.entry, reader), match.confidence),
        ...(angry ? { handoff: true } : {}),
      };
    }
    // A greeting with nothing asked is answered in kind, not declined as off-topic nor counted
    // as a turn the bot failed (the understanding step calls it a greeting only when alone).
    if (understanding?.intent === 'greeting' && !angry)
      return {
        content: [{ kind: 'quick_replies', text: m.greeting, replies: [m.person] }],
        confidence: 1,
        decision: 'answer',
      };
    if (match.decision === 'suggest') {
      const offered = await Promise.all(
        match.top.slice(0, suggestions).map(async (c) => {
          const entry = await show(inShoppersWords(c.entry, direct), reader);
          // A help centre's title or a shopper's question approved from traffic may hold markup too.
          return { ...entry, question: plainLabel(entry.question) };
        }),
      );
      // A question longer than a button is cut, and two cut alike were two identical buttons: then
      // the message lists the questions whole, numbered, and each button starts with its number.
      const cut = offered.some((entry) => [...entry.question].length > KB_LIMITS.labelLength);
      const numbered = (question: string, i: number) => (cut ? `${i + 1}. ${question}` : question);
      const replies = offered.map((entry, i) => ({
        label: truncate(numbered(entry.question, i), KB_LIMITS.labelLength),
        payload: `${FAQ_PAYLOAD_PREFIX}${entry.id}`.slice(0, KB_LIMITS.payloadLength),
      }));
      const said = cut
        ? [m.didYouMean, ...offered.map((entry, i) => numbered(entry.question, i))].join('\n')
        : m.didYouMean;
      return {
        content: [{ kind: 'quick_replies', text: said, replies: [...replies, m.noneOfThese] }],
        confidence: match.confidence,
        decision: 'suggest',
        ...(angry ? { handoff: true } : {}),
      };
    }
    // A complaint is about the shop, never declined as off-topic: the decline tells the shopper to
    // type 转人工 while the hub's rules hand the complaint to a person anyway.
    // An upset shopper hears an apology: "I can't answer that well" read as shrugging the complaint off.
    const upset = angry || understanding?.intent === 'complaint';
    if (match.decision === 'fallback' || upset) {
      return {
        content: [text(upset ? m.complaint : m.fallback)],
        confidence: match.confidence,
        decision: match.decision,
        handoff: true,
      };
    }
    return {
      content: [{ kind: 'quick_replies', text: m.outOfScope, replies: [m.person] }],
      confidence: match.confidence,
      decision: 'out_of_scope',
      handoff: false,
    };
  };
}

/**
 * The answer for one entry, e.g. after the shopper taps a `faq:<id>` suggestion.
 * Returns undefined when the id is not in the knowledge base (it may have been reloaded away).
 *
 * @example
 * answerEntry(engine, 'refund-time')?.content[0]; // { kind: 'text', text: '仓库收到退货后…' }
 */
export function answerEntry(engine: FaqEngine, entryId: string): BotAnswer | undefined {
  const entry = engine.entry(entryId.trim());
  return entry ? entryAnswer(entry, 1) : undefined;
}

function entryAnswer(entry: KnowledgeBaseEntry, confidence: number): BotAnswer {
  // A help centre's export carries HTML or Markdown; the chat shows text, so the shopper gets it as
  // text while the entry stays as written (the console and exports show the original).
  const content: Content[] = [text(plainAnswer(entry.answer))];
  if (entry.quickReplies?.length)
    content.push({
      kind: 'quick_replies',
      replies: entry.quickReplies.map((r) => ({ ...r, label: plainLabel(r.label) })),
    });
  return { content, confidence, decision: 'answer', entryId: entry.id, handoff: false };
}

/** The language the question is written in; Chinese in Traditional script for a Traditional reader. */
function localeOf(question: BotQuestion, reader: string | undefined): HubLanguage {
  // A message without a letter (👍, "?", "123") says nothing of its language: the page's locale does,
  // where the understanding step would have guessed English. Nor does a pasted link or order number
  // (a Chinese shopper's taobao link was declined in English): only the shopper's own words count.
  const own = pastedIdentifiersOut(question.text);
  const lettered = /[\p{L}]/u.test(own);
  const understood = lettered && own === question.text ? question.understanding?.locale : undefined;
  const language = understood
    ? languageOf(understood)
    : lettered
      ? detectLocale(own)
      : languageOf(question.locale);
  return language === 'zh' ? (hubLanguage(reader) === 'zh-Hant' ? 'zh-Hant' : 'zh') : 'en';
}

const text = (value: string): Content => ({ kind: 'text', text: value.slice(0, KB_LIMITS.answerLength) });
/**
 * A question cut to a button's length. Spaced text is cut before the word the limit falls in
 * ("…returning clothe…" read as a typo), unless that leaves less than half; Chinese at the limit.
 */
function truncate(value: string, max: number): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  // The ellipsis takes the place of the space the cut falls on, so the label stays within max.
  const head = chars.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= max / 2 ? head.slice(0, space) : chars.slice(0, max - 1).join('');
  return `${cut.replace(/[\s,;:—–-]+$/u, '')}…`;
}
