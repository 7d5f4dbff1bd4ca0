import type { AgentClient, OpenConversation } from '@kefu/sdk/agent';
import type { ReadonlySignal } from '@preact/signals';
import { type CannedContext, conversationLanguage, type ReplyLanguage } from './canned.ts';

/**
 * What canned replies take from an open conversation: the values they fill in, and the language
 * they are offered in first.
 * @example
 * const canned = consoleCanned(open, me);
 * fillCanned(reply.text, canned.cannedContext('c_1'));
 */
export function consoleCanned(
  open: ReadonlySignal<OpenConversation[]>,
  me: ReadonlySignal<AgentClient['profile']>,
) {
  /** The values canned replies fill in, from the conversation's shopper and page. */
  function cannedContext(id: string): CannedContext {
    const c = open.value.find((o) => o.id === id);
    return {
      name: c?.shopper.name,
      orderId: c?.page?.orderId,
      product: c?.page?.product?.title,
      agent: me.value?.name,
    };
  }

  /**
   * Each held transcript's language, read once: the view asks on every draw, and reading every
   * shopper message each time made a long conversation's updates cost more with each message.
   */
  const languages = new WeakMap<OpenConversation['messages'], ReplyLanguage | undefined>();

  /** The language the conversation is held in, which canned replies are offered in first. */
  function replyLanguageOf(id: string): ReplyLanguage | undefined {
    const c = open.value.find((o) => o.id === id);
    if (!c) return undefined;
    if (languages.has(c.messages)) return languages.get(c.messages);
    const texts = c.messages.flatMap((m) =>
      m.author.kind === 'shopper' && m.content.kind === 'text' ? [m.content.text] : [],
    );
    const language = conversationLanguage(c.shopper.locale, texts);
    languages.set(c.messages, language);
    return language;
  }

  return { cannedContext, replyLanguageOf };
}
