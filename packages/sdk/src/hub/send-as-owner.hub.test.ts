import { describe, expect, it } from 'vitest';
import {
  AGENT2_TOKEN,
  agent,
  SUPERVISOR_TOKEN,
  shopperAskingForPerson,
  startHub,
  until,
} from '../testing/hub-fixture.ts';

// The hub and its sockets are closed after each test by test/close-started.ts.

// Finding (2026-12-07, outside QA): a supervisor's reply typed while her console was offline went
// out once she was back, into the conversation a colleague had taken over meanwhile. `asOwner`
// makes such a send a compare-and-set on the owner: refused, naming who has it now.
describe('a send asOwner', () => {
  it('is stored while the conversation is the sender’s, and refused with conflict once a colleague has it', async () => {
    const { url } = await startHub();
    const s = await shopperAskingForPerson(url, 'queued');
    const read = () =>
      s.messages.flatMap((m) =>
        m.author.kind === 'agent' && m.content.kind === 'text' ? [m.content.text] : [],
      );
    const boss = agent(url, SUPERVISOR_TOKEN);
    const lei = agent(url, AGENT2_TOKEN);
    await boss.connect();
    await lei.connect();
    const id = s.conversationId!;
    await boss.accept(id);
    await boss.send(id, 'mine still', { asOwner: true, clientMsgId: 'm_stored' });
    await boss.transfer(id, { agentId: 'lei' });
    await until(() => s.state?.agent?.id === 'lei', 'the conversation to go to Lei');
    await expect(boss.send(id, 'written while it was mine', { asOwner: true })).rejects.toMatchObject({
      code: 'conflict',
      message: `conversation ${id} is now Lei's; your reply was not sent`,
    });
    // One stored before the hand-over, its ack lost with the connection: the re-send is the same
    // message, acknowledged, not "not sent" (the console would say words back that the shopper has).
    await expect(
      boss.send(id, 'mine still', { asOwner: true, clientMsgId: 'm_stored' }),
    ).resolves.toMatchObject({ seq: expect.any(Number) });
    // Without it a supervisor still writes in a colleague's conversation, on purpose.
    await boss.send(id, 'on purpose');
    await until(() => read().includes('on purpose'), 'the deliberate reply');
    expect(read()).toEqual(['mine still', 'on purpose']);
  });
});
