import { describe, expect, it } from 'vitest';
import { shopperId } from '../../packages/sdk/src/shopper-id.ts';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { type HubProcess, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 10 (the race): 40 simultaneous hellos of one shopper created 12 conversations for them.
// The cap on a shopper's connections is lifted here, so that all 40 hellos reach the race, and so is
// the history budget, which each welcome of a conversation that exists takes half a second of.

interface Exported {
  conversations: Array<{ conversation: { id: string }; messages: Array<{ author: { kind: string } }> }>;
}

async function raceHellos(hub: HubProcess, deviceId: string, count: number) {
  const socks = await Promise.all(
    Array.from({ length: count }, () => rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN)),
  );
  for (const sock of socks) sock.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
  const welcomes = () => socks.map((s) => s.frames.find((f) => f.type === 'welcome'));
  await until(
    () => welcomes().every(Boolean),
    () => `${welcomes().filter(Boolean).length} of ${count} welcomed`,
    30_000,
  );
  const ids = new Set(welcomes().map((w) => (w as { conversation: { id: string } }).conversation.id));
  const exported = (await hub.admin('exportShopper', {
    siteKey: 'shop',
    shopperId: shopperId('d', deviceId),
  })) as Exported;
  for (const sock of socks) sock.ws.close();
  return { ids, exported };
}

describe('an attacker races hellos of one shopper', () => {
  for (const store of ['memory', 'postgres'] as const) {
    it(`gets one conversation, greeted once, from 40 simultaneous hellos (${store} store)`, async () => {
      const hub = await startHubProcess({
        store,
        options: { limits: { maxConnectionsPerShopper: 40, historyBytesBurst: 8 * 2 ** 20 } },
      });
      const { ids, exported } = await raceHellos(hub, `racer-${store}`, 40);
      console.log(
        `40 racing hellos (${store}): ${ids.size} conversation(s) welcomed, ${exported.conversations.length} stored`,
      );
      expect(ids.size).toBe(1);
      expect(exported.conversations.map((c) => c.conversation.id)).toEqual([...ids]);
      const greetings = exported.conversations[0]!.messages.filter((m) => m.author.kind === 'bot');
      expect(greetings).toHaveLength(1);
    });
  }
});
