import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { type HubProcess, SHOP_ORIGIN } from './hub-process.ts';

/**
 * A shopper of the hub process's site `shop` in a conversation, and `upload(body)`: a photo posted to
 * it as the widget posts one (its session token, the shop's origin; `image/png` whatever the bytes).
 */
export async function photoUploader(hub: HubProcess, deviceId: string) {
  const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
  shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId });
  const { conversation, session } = (await shopper.next('welcome')) as unknown as {
    conversation: { id: string };
    session: string;
  };
  const upload = (body: Buffer) =>
    fetch(`${hub.httpUrl}/api/v1/uploads?conversation=${conversation.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, origin: SHOP_ORIGIN, 'content-type': 'image/png' },
      body: new Uint8Array(body),
    });
  return { shopper, upload };
}
