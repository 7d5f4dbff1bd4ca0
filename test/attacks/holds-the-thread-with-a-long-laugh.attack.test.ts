import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (eleventh outside pass, 2026-12-07): the FAQ bot reads "OK", 好的, a laugh and the like
// alone as the shopper taking in an answer, with a pattern whose 哈哈+ sat inside a repeated group:
// a run of 哈 could be cut into pieces of two or more in exponentially many ways, all tried when the
// message ends otherwise. 32 哈 before a 吗 took 0.27 s, each two more about doubled it, and an
// anonymous shopper's one message of 60 (61 characters) held the hub's thread for hours, every chat
// of the node with it. A laugh now takes its whole run of 哈, one way.

describe('a shopper holds the hub’s thread with a long laugh', () => {
  it('gets the bot’s answer to 60 哈 and a 吗, and a bystander’s ping is answered after it', async () => {
    const hub = await startHubProcess({ plugins: { knowledgeBase: 'faq' } });
    const attacker = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    attacker.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'laughing-device-1' });
    await attacker.next('welcome');
    const text = `${'哈'.repeat(60)}吗`;
    attacker.send({ v: 1, type: 'send', clientMsgId: 'laugh', content: { kind: 'text', text } });
    const { seq } = (await attacker.next('ack')) as unknown as { seq: number };
    const bystander = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    bystander.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'bystander-device-2' });
    await bystander.next('welcome');
    bystander.send({ v: 1, type: 'ping', id: 'p1' });
    expect(await bystander.next('pong')).toMatchObject({ re: 'p1' });
    // The bot's turn ran to its end: something after the shopper's message reached them.
    await until(
      () => attacker.frames.some((f) => f.type === 'message' && (f.message as { seq: number }).seq > seq),
      'the bot’s answer to the laugh',
    );
    const { maxLoopDelayMs } = await hub.stats();
    console.log(`60 哈 and a 吗 sent: hub max event-loop delay ${maxLoopDelayMs.toFixed(1)} ms`);
  }, 60_000);
});
