import type { Message } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { AGENT2_TOKEN, agent, ORIGIN, shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** What the bot and the hub said, in order (agents' and the shopper's own words left out). */
const lines = (messages: readonly Message[]) =>
  messages.flatMap((m) =>
    m.content.kind === 'system'
      ? [m.content.text ?? '']
      : m.author.kind === 'bot' && m.content.kind === 'text'
        ? [m.content.text]
        : [],
  );

async function connected(url: string, locale?: string) {
  const s = shopper(url, locale ? { locale } : {});
  s.connect();
  await until(() => s.status === 'open' && s.messages.length > 0, 'welcome and greeting');
  return s;
}

// Finding (2026-12-05, outside QA): a shopper whose client sent no locale and who wrote Chinese
// read the hub's own lines (queued, joined, transferred, closed) in English.
describe("the hub's lines in the conversation's language", () => {
  it('follow what a shopper without a locale writes: Chinese once they write Chinese', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await connected(started.url);
    s.send('转人工');
    await until(() => s.state?.status === 'queued', 'queued');
    const mei = agent(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await Promise.all([mei.connect(), lei.connect()]);
    await mei.accept(s.conversationId!);
    await mei.transfer(s.conversationId!, { agentId: 'lei' });
    await lei.close(s.conversationId!);
    await until(() => s.state?.status === 'closed', 'closed');
    await until(
      () => lines(s.messages).includes('会话已结束'),
      () => lines(s.messages).join(' | '),
    );

    // The greeting came before a word was written: the site's language, English here.
    expect(lines(s.messages)).toEqual([
      'Hi! How can we help you today?',
      '收到，已为您转给人工客服。',
      '正在排队等待客服…',
      '客服 Mei 已加入会话',
      '会话已转接给 Lei',
      '会话已结束',
    ]);
  });

  it("keep a given locale (a zh-TW shopper's lines stay Traditional, an English writer's English) and follow Traditional writing", async () => {
    const started = await startHub();
    hub = started.hub;
    const taiwan = await connected(started.url, 'zh-TW');
    taiwan.send('轉人工');
    await until(() => taiwan.state?.status === 'queued', 'queued');
    expect(lines(taiwan.messages)).toContain('正在排隊等候客服…');

    // i18n QA (2026-12-06): one who gave no locale and writes Traditional read them in Simplified.
    const traditional = await connected(started.url);
    traditional.send('轉人工');
    await until(() => traditional.state?.status === 'queued', 'queued');
    await until(
      () => lines(traditional.messages).length > 2,
      () => lines(traditional.messages).join(' | '),
    );
    expect(lines(traditional.messages)).toContain('正在排隊等候客服…');

    const english = await connected(started.url);
    english.send('where is my parcel');
    await until(() => lines(english.messages).length > 1, 'the bot answered');
    expect(lines(english.messages)[0]).toBe('Hi! How can we help you today?');
    expect(lines(english.messages).slice(1).join('')).not.toMatch(/\p{Script=Han}/u);
  });

  it("greet in the site's language a shopper who gave none, and in their own one who did", async () => {
    const started = await startHub({
      sites: [
        { key: 'shop', origins: [ORIGIN], identitySecret: 'identity-secret-for-tests', locale: 'zh-CN' },
      ],
    });
    hub = started.hub;
    const none = await connected(started.url);
    const english = await connected(started.url, 'en-US');
    expect(lines(none.messages)).toEqual(['您好！请问有什么可以帮您？']);
    expect(lines(english.messages)).toEqual(['Hi! How can we help you today?']);
  });
});
