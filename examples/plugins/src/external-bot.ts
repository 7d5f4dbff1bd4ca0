import { createAgentClient, isKefuError } from '@kefu/sdk/agent';
import WebSocket from 'ws';

/**
 * An external bot that works as an agent: it takes every conversation queued for its group,
 * greets the shopper, and hands the conversation back to the hub's own bot when it is done.
 * Run it beside a hub whose agents list has { id: 'returns-bot', token: BOT_TOKEN, groups: ['returns'] }.
 */
const token = process.env.BOT_TOKEN;
// The hub refuses agent tokens shorter than 20 characters, so there is no usable default.
if (!token) throw new Error('set BOT_TOKEN to the bot’s agent token from the hub’s agents list');

const bot = createAgentClient({
  url: process.env.KEFU_HUB ?? 'ws://127.0.0.1:8080',
  token,
  WebSocket,
});

// `inbox` comes on every change, and a conversation stays queued in it until the accept is
// answered: without this set, each change accepted it again and greeted the shopper once more.
const taken = new Set<string>();

/**
 * A listener that fails (the hub refused a reply: quality inspection held it, the conversation was
 * closed meanwhile) must not end the bot: the rejection of an async listener is nobody's to catch,
 * and Node exits on an unhandled one. Said here and the bot goes on with the next shopper.
 */
const safely =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  (...args: A): void => {
    fn(...args).catch((error: unknown) => {
      const why = isKefuError(error) ? `${error.code}: ${error.message}` : String(error);
      // A message listener's first argument names the conversation; the inbox listener's does not.
      const where = (args[0] as { conversationId?: string }).conversationId;
      console.error(`could not answer${where ? ` ${where}` : ''}: ${why}`);
    });
  };

bot.on(
  'inbox',
  safely(async (items) => {
    for (const item of items) {
      if (item.state.status !== 'queued' || taken.has(item.conversationId)) continue;
      taken.add(item.conversationId);
      const conversation = await bot.accept(item.conversationId).catch(() => null);
      if (!conversation) continue; // another agent was faster
      await bot.send(conversation.id, 'I can start your return right away: what is your order number?');
    }
  }),
);

bot.on(
  'message',
  safely(async ({ conversationId, message }) => {
    if (message.author.kind !== 'shopper' || message.content.kind !== 'text') return;
    const orderNo = /\b[A-Z]{2}-\d{3,}\b/.exec(message.content.text)?.[0];
    if (!orderNo) return;
    await bot.send(conversationId, `Return for ${orderNo} is registered. A courier will call you tomorrow.`);
    await bot.handback(conversationId);
    taken.delete(conversationId); // queued to the bot again later, it is greeted again
  }),
);

await bot.connect();
console.log(`external bot online as ${bot.profile?.name}`);
