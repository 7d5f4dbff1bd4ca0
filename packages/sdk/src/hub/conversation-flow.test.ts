import { afterEach, describe, expect, it } from 'vitest';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import { createHub, type Hub } from './create-hub.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

describe('a conversation end to end over real sockets', () => {
  it('opens with the merchant’s own greeting in the shopper’s language, and the hub’s where none is given', async () => {
    const started = await startHub({ greeting: { en: 'Hi! Ask me about tea, shipping or returns.' } });
    hub = started.hub;
    const first = async (locale: string) => {
      const s = shopper(started.url, { locale });
      s.connect();
      await until(() => s.messages.length === 1, `greeting in ${locale}`);
      s.close();
      const [m] = s.messages;
      return m?.content.kind === 'text' ? m.content.text : undefined;
    };
    expect(await first('en-GB')).toBe('Hi! Ask me about tea, shipping or returns.');
    expect(await first('zh-CN')).toBe('您好！请问有什么可以帮您？');
    const sites = [{ key: 'shop', origins: ['https://shop.test'] }];
    expect(() => createHub({ sites, greeting: { en: ' ' } })).toThrow(/greeting\.en/);
  });

  it('greets the shopper, escalates, lets an agent accept and reply, then closes', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = shopper(started.url, { locale: 'zh-CN' });
    s.connect();
    await until(() => s.status === 'open', 'shopper welcome');
    await until(() => s.messages.length === 1, 'greeting');
    expect(s.messages[0]!.author.kind).toBe('bot');

    const a = agent(started.url);
    await a.connect();
    s.send('我要转人工');
    await until(() => s.state?.status === 'queued', 'queued state');
    expect(s.state?.queue?.position).toBe(1);
    await until(() => a.inbox.some((i) => i.state.status === 'queued'), 'inbox item');

    const c = await a.accept(s.conversationId!);
    expect(c.messages.map((m) => m.seq)).toEqual(c.messages.map((_, i) => i + 1));
    await until(() => s.state?.status === 'assigned', 'assigned');
    expect(s.state?.agent?.name).toBe('Mei');

    await a.send(c.id, '您好，我是小美');
    await until(() => s.messages.some((m) => m.author.kind === 'agent'), 'agent reply');
    s.send('谢谢');
    await until(
      () =>
        a.conversation(c.id)!.messages.some((m) => m.content.kind === 'text' && m.content.text === '谢谢'),
      'shopper reply at agent',
    );
    // The bot stays silent once a person owns the conversation.
    const botAfter = s.messages.filter((m) => m.author.kind === 'bot' && m.seq > c.lastSeq);
    expect(botAfter).toEqual([]);

    await a.close(c.id, 'solved');
    await until(() => s.state?.status === 'closed', 'closed');
    s.close();
    a.disconnect();
  });
});
