import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../hub/create-hub.ts';
import { AGENT2_TOKEN, agent, SUPERVISOR_TOKEN, shopper, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

async function queuedShopper(url: string, text = '转人工') {
  const s = shopper(url);
  s.connect();
  await until(() => s.status === 'open', 'welcome');
  s.send(text);
  await until(() => s.state?.status === 'queued', 'queued');
  return s;
}

describe('agents working conversations', () => {
  it('lets exactly one of two agents win a race to accept', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const mei = agent(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await Promise.all([mei.connect(), lei.connect()]);
    const results = await Promise.allSettled([mei.accept(s.conversationId!), lei.accept(s.conversationId!)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    await until(() => s.state?.status === 'assigned', 'assigned');
    // The loser's inbox drops the conversation; the winner keeps it as theirs.
    const loser = results[0]!.status === 'rejected' ? mei : lei;
    await until(
      () => loser.inbox.every((i) => i.conversationId !== s.conversationId),
      'removed from the loser',
    );
    s.close();
    mei.disconnect();
    lei.disconnect();
  });

  it('shows queue positions that move up as agents take conversations', async () => {
    const started = await startHub();
    hub = started.hub;
    const first = await queuedShopper(started.url);
    const second = await queuedShopper(started.url);
    await until(() => second.state?.queue?.position === 2, 'second in line');
    expect(first.state?.queue?.position).toBe(1);
    const a = agent(started.url);
    await a.connect();
    await a.accept(first.conversationId!);
    await until(() => second.state?.queue?.position === 1, 'second moves up');
    first.close();
    second.close();
    a.disconnect();
  });

  it('transfers to another agent and to a group, hands back to the bot, and closes', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const mei = agent(started.url);
    const lei = agent(started.url, AGENT2_TOKEN);
    await Promise.all([mei.connect(), lei.connect()]);
    const c = await mei.accept(s.conversationId!);
    await mei.transfer(c.id, { agentId: 'lei' }, 'wants a refund, order 1024');
    await until(() => s.state?.agent?.id === 'lei', 'now with Lei');
    await expect(mei.send(c.id, 'still me?')).rejects.toMatchObject({ code: 'conflict' });
    const joined = await lei.join(c.id);
    expect(joined.notes.map((n) => n.text)).toContain('wants a refund, order 1024');
    await lei.send(c.id, '您好，我是小雷');
    await lei.transfer(c.id, { group: 'vip' });
    await until(() => s.state?.status === 'queued' && s.state.group === 'vip', 'queued for vip');
    await lei.accept(c.id);
    await lei.handback(c.id);
    await until(() => s.state?.status === 'bot', 'back with the bot');
    s.send('one more question');
    await until(() => s.messages.filter((m) => m.author.kind === 'bot').length >= 2, 'the bot answers again');
    const boss = agent(started.url, SUPERVISOR_TOKEN);
    await boss.connect();
    await boss.close(c.id, 'resolved');
    await until(() => s.state?.status === 'closed', 'closed');
    const events = s.messages.flatMap((m) => (m.content.kind === 'system' ? [m.content.event] : []));
    expect(events).toEqual(
      expect.arrayContaining(['queued', 'agent_joined', 'transferred', 'agent_left', 'closed']),
    );
    s.close();
    mei.disconnect();
    lei.disconnect();
    boss.disconnect();
  });

  it('refuses actions on conversations an agent may not touch', async () => {
    const started = await startHub({
      agents: [
        { id: 'mei', name: 'Mei', token: 'agent-token-mei', groups: ['default'] },
        { id: 'vip1', name: 'Vee', token: 'agent-token-vip', groups: ['vip'] },
      ],
    });
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const outsider = agent(started.url, 'agent-token-vip');
    await outsider.connect();
    expect(outsider.inbox).toEqual([]);
    await expect(outsider.accept(s.conversationId!)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(outsider.join(s.conversationId!)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(outsider.accept('c_does_not_exist')).rejects.toMatchObject({ code: 'not_found' });
    s.close();
    outsider.disconnect();
  });

  it('respects an agent capacity', async () => {
    const started = await startHub({
      agents: [{ id: 'mei', name: 'Mei', token: 'agent-token-mei', groups: ['default'], capacity: 1 }],
    });
    hub = started.hub;
    const one = await queuedShopper(started.url);
    const two = await queuedShopper(started.url);
    const a = agent(started.url, 'agent-token-mei');
    await a.connect();
    await a.accept(one.conversationId!);
    await expect(a.accept(two.conversationId!)).rejects.toMatchObject({ code: 'conflict' });
    one.close();
    two.close();
    a.disconnect();
  });

  it('shows read receipts and typing both ways', async () => {
    const started = await startHub();
    hub = started.hub;
    const s = await queuedShopper(started.url);
    const a = agent(started.url);
    await a.connect();
    const c = await a.accept(s.conversationId!);
    const typing: boolean[] = [];
    s.on('typing', (t) => typing.push(t.on));
    a.typing(c.id, true);
    await until(() => typing.includes(true), 'shopper sees the agent typing');
    const { seq } = await a.send(c.id, 'hi');
    await until(() => s.lastSeq >= seq, 'delivered');
    s.markRead(seq);
    await until(() => a.conversation(c.id)!.shopperReadSeq === seq, 'agent sees it read');
    await a.markRead(c.id, s.lastSeq);
    await until(() => s.agentReadSeq === s.lastSeq, 'shopper sees it read');
    s.close();
    a.disconnect();
  });
});
