import { afterEach, describe, expect, it } from 'vitest';
import { createFaqBot } from '../faq/faq-bot.ts';
import { SMALL_KB } from '../faq/test-fixtures.ts';
import type { Hub } from '../hub/create-hub.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

describe("a waiting conversation's inbox line", () => {
  it("carries the shopper's last message past the bot's and the queue's lines, in the welcome and in updates", async () => {
    const started = await startHub({ answer: createFaqBot(SMALL_KB) });
    hub = started.hub;
    const s = shopper(started.url, { locale: 'zh-CN' });
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('我要转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const id = s.conversationId!;
    await until(() => s.messages.at(-1)?.author.kind === 'system', 'the queue line');

    const a = agent(started.url);
    await a.connect();
    const line = a.inbox.find((i) => i.conversationId === id)!;
    // The last message is the hub's, not what the agent needs to read first.
    expect(line.lastMessage?.authorKind).not.toBe('shopper');
    expect(line.shopperMessage?.preview).toBe('我要转人工');

    // The bot answers a FAQ question in the queue: the line the answer refreshes keeps the question.
    s.send('运费怎么算');
    await until(
      () => a.inbox.find((i) => i.conversationId === id)?.shopperMessage?.preview === '运费怎么算',
      'the question in the inbox line',
    );
    const after = a.inbox.find((i) => i.conversationId === id)!;
    expect(after.lastMessage?.authorKind).not.toBe('shopper');
    expect(after.shopperMessage!.seq).toBeLessThan(after.lastMessage!.seq);

    // An agent's reply is itself the line to show: nothing else to look back for.
    await a.accept(id);
    await a.send(id, '您好，我来帮您');
    await until(
      () => a.inbox.find((i) => i.conversationId === id)?.lastMessage?.authorKind === 'agent',
      "the agent's reply in the inbox line",
    );
    expect(a.inbox.find((i) => i.conversationId === id)?.shopperMessage).toBeUndefined();
  });

  it("carries no separate shopper message when the shopper's is the last one", async () => {
    const started = await startHub({ answer: async () => null });
    hub = started.hub;
    const a = agent(started.url);
    await a.connect();
    const s = shopper(started.url);
    s.connect();
    await until(() => s.status === 'open', 'welcome');
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const id = s.conversationId!;
    // Not 还在吗: a waiting shopper's "anyone there?" is answered with the line that they keep their place.
    s.send('我的快递一直没到');
    await until(
      () => a.inbox.find((i) => i.conversationId === id)?.lastMessage?.preview === '我的快递一直没到',
      'the follow-up',
    );
    expect(a.inbox.find((i) => i.conversationId === id)?.shopperMessage).toBeUndefined();
  });
});
