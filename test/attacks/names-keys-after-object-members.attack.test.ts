import { describe, expect, it } from 'vitest';
import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { API_KEY, API_KEYS } from './api-key.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (attack QA, 2026-12-06): a notification's dedupeKey is the merchant's (a CRM row, a
// campaign name), and the hub looked it up in a plain object: `constructor`, `toString`,
// `hasOwnProperty` or `__proto__` is a member of every object, so each read as "seen already",
// the duplicate's conversation was undefined, and POST /api/v1/notifications answered 500 and sent
// nothing. Every other route given such names in ids, tags, bodies and queries answered as usual.

const OPTIONS = {
  http: { apiKeys: API_KEYS },
};

describe('an API caller names a key after a member of every object', () => {
  it('sends a notification with dedupeKey constructor, toString or __proto__ once each', async () => {
    const hub = await startHubProcess({ options: OPTIONS });
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'device-proto-keys' });
    const welcome = await shopper.next('welcome');
    const conversationId = (welcome.conversation as { id: string }).id;
    const { shopperId } = (await (
      await fetch(`${hub.httpUrl}/api/v1/conversations/${conversationId}`, {
        headers: { authorization: `Bearer ${API_KEY}` },
      })
    ).json()) as { shopperId: string };
    const notify = async (dedupeKey: string) => {
      const res = await fetch(`${hub.httpUrl}/api/v1/notifications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          shopper: { siteKey: 'shop', shopperId },
          content: { kind: 'text', text: `news ${dedupeKey}` },
          dedupeKey,
        }),
      });
      return { status: res.status, body: (await res.json()) as { duplicate?: boolean } };
    };
    for (const key of ['constructor', 'toString', '__proto__']) {
      expect(await notify(key)).toMatchObject({ status: 201, body: { duplicate: false } });
      expect(await notify(key)).toMatchObject({ status: 201, body: { duplicate: true } });
    }
    shopper.ws.close();
    await hub.close();
  });
});
