import { rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { SHOP_ORIGIN } from './hub-process.ts';

/**
 * One shopper (one device, one session) signed in on `count` sockets of one address, as an attacker
 * multiplies a conversation's frame budget: the sockets, each welcomed, and the first one's welcome.
 * @example
 * const { sockets, welcome } = await shopperOnSockets(hub.wsUrl, 'flood-1', 5);
 */
export async function shopperOnSockets(wsUrl: string, deviceId: string, count: number) {
  const hello = { v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId };
  const first = await rawSocket(`${wsUrl}/?site=shop`, SHOP_ORIGIN);
  first.send(hello);
  const welcome = (await first.next('welcome')) as { session: string; conversation: { id: string } };
  const sockets = [first];
  for (let i = 1; i < count; i++) {
    const s = await rawSocket(`${wsUrl}/?site=shop`, SHOP_ORIGIN);
    s.send({ ...hello, session: welcome.session });
    await s.next('welcome');
    sockets.push(s);
  }
  return { sockets, welcome };
}
