import type { Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { signIdentity } from '../hub/identity.ts';
import { shopper, until } from '../testing/hub-fixture.ts';
import { sharedServers } from '../testing/shared-servers.ts';

// Two hub nodes sharing PostgreSQL and Redis: the shopper on one, the shop notifying through the other.
const servers = await sharedServers('p');
const { missing } = servers;

const LI = { siteKey: 'shop', userId: '42' } as const;
const textOf = (m: Message) => (m.content.kind === 'quick_replies' ? (m.content.text ?? '') : '');

const node = () => servers.node();

describe.skipIf(missing !== null)(
  missing ? `notifications across hub nodes (skipped: ${missing})` : 'notifications across hub nodes',
  () => {
    it('delivers a notification sent on node B to a shopper connected to node A, exactly once', async () => {
      const [a, b] = await Promise.all([node(), node()]);
      const s = shopper(a.url, {
        identity: signIdentity({ id: '42' }, 'identity-secret-for-tests', { audience: 'shop' }),
      });
      s.connect();
      await until(() => s.messages.length === 1, 'greeting on A');

      // Both nodes are asked at once with one key (a retried webhook, say): one message.
      const results = await Promise.all([
        b.hub.notify(LI, { kind: 'text', text: 'Parcel on its way' }, { dedupeKey: 'SO-7:shipped' }),
        a.hub.notify(LI, { kind: 'text', text: 'Parcel on its way' }, { dedupeKey: 'SO-7:shipped' }),
      ]);
      expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
      await until(() => s.messages.some((m) => textOf(m) === 'Parcel on its way'), 'the notice on A');
      // A later, unrelated notice arrives after it: by then any second copy would have too.
      await b.hub.notify(LI, { kind: 'text', text: 'Second notice' });
      await until(() => s.messages.some((m) => textOf(m) === 'Second notice'), 'the second notice on A');
      expect(s.messages.filter((m) => textOf(m) === 'Parcel on its way')).toHaveLength(1);
      expect(s.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    });

    it('keeps an opt-out made on one node for the other', async () => {
      const [a, b] = await Promise.all([node(), node()]);
      await a.hub.setNotificationOptOut({ siteKey: 'shop', userId: '77' }, true);
      const refused = await b.hub.notify({ siteKey: 'shop', userId: '77' }, { kind: 'text', text: 'hi' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'opted_out' } });
    });
  },
);
