import { describe, expect, it } from 'vitest';
import type { PageContext } from '../../packages/protocol/src/index.ts';
import { agent, rawSocket } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';
import { eventually } from './raw-attackers.ts';

// Finding (2026-12-05): the agent's console shows the shopper's page and product as links
// ("Viewing page: <title>"). A raw client said it was on any site, under any title: the demo's
// agents got `https://evil.example/kefu-admin/login` labelled "我的订单", a look-alike sign-in
// page one click from the console, and a query the shop's own widget never sends.

const PLANTED = 'https://evil.example/kefu-admin/login?next=console';

/**
 * The page the agent sees on joining; undefined while the hub asks the agent to slow down: these
 * tests poll by joining, and an agent's reads have a budget (a few a second after a burst).
 */
async function pageSeen(
  sue: ReturnType<typeof agent>,
  conversationId: string,
): Promise<PageContext | undefined> {
  try {
    return (await sue.join(conversationId)).page;
  } catch (error) {
    if ((error as { code?: string }).code === 'rate_limited') return undefined;
    throw error;
  }
}

describe('an attacker plants links in the agent’s view of their page', () => {
  it('gets neither an off-shop page nor an off-shop product link to the agent; the shop’s own stay, without a query', async () => {
    const hub = await startHubProcess();
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({
      v: 1,
      type: 'hello',
      role: 'shopper',
      siteKey: 'shop',
      deviceId: 'link-planter-1',
      page: {
        url: PLANTED,
        title: '我的订单',
        product: { id: 'coat-1', title: 'Wool coat', url: 'https://evil.example/p/coat' },
      },
    });
    const { conversation } = (await shopper.next('welcome')) as unknown as { conversation: { id: string } };
    const sue = agent(hub.wsUrl, AGENTS.sue.token);
    await sue.connect();
    const planted = await pageSeen(sue, conversation.id);
    expect(planted).toEqual({ title: '我的订单', product: { id: 'coat-1', title: 'Wool coat' } });

    // A page of the origin it connected from, and another origin the site lists, are the shop's.
    shopper.send({
      v: 1,
      type: 'context',
      page: {
        url: `${SHOP_ORIGIN}/account/orders?token=abc#top`,
        product: { id: 'hat-1', title: 'Hat', url: 'http://localhost:8080/p/hat?colour=red' },
      },
    });
    let page: PageContext | undefined;
    await eventually(
      async () => {
        page = await pageSeen(sue, conversation.id);
        return page?.product?.id === 'hat-1';
      },
      'the new page',
      20_000,
    );
    expect(page).toEqual({
      url: `${SHOP_ORIGIN}/account/orders`,
      product: { id: 'hat-1', title: 'Hat', url: 'http://localhost:8080/p/hat?colour=red' },
    });

    for (const url of ['javascript:alert(document.domain)', 'http://localhost.evil.example:5173/x']) {
      shopper.send({ v: 1, type: 'context', page: { url, product: { id: 'x-1', title: 'X', url } } });
      // Each update waits for the one before it, so the page read is this one's.
      await eventually(
        async () => {
          page = await pageSeen(sue, conversation.id);
          return page?.product?.id === 'x-1';
        },
        url,
        20_000,
      );
      expect(page).toEqual({ product: { id: 'x-1', title: 'X' } });
      shopper.send({ v: 1, type: 'context', page: { product: { id: 'next-1', title: 'N' } } });
      await eventually(
        async () => (await pageSeen(sue, conversation.id))?.product?.id === 'next-1',
        'the next page',
        20_000,
      );
    }
    shopper.ws.close();
    sue.disconnect();
  });

  // Found 2026-12-06: the product's image was kept as sent, so a raw client put a `javascript:` or
  // `data:` address (any picture, a QR code to a phishing page) before the agent and the API as the
  // product's image. Only http(s) images are kept; on any host, as shops serve them from CDNs.
  it('gets no product image before the agent but an http(s) one', async () => {
    const hub = await startHubProcess();
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    const product = { id: 'img-1', title: 'Coat', image: 'javascript:alert(document.domain)' };
    shopper.send({
      v: 1,
      type: 'hello',
      role: 'shopper',
      siteKey: 'shop',
      deviceId: 'image-planter-1',
      page: { product },
    });
    const { conversation } = (await shopper.next('welcome')) as unknown as { conversation: { id: string } };
    const sue = agent(hub.wsUrl, AGENTS.sue.token);
    await sue.connect();
    expect(await pageSeen(sue, conversation.id)).toEqual({ product: { id: 'img-1', title: 'Coat' } });

    for (const [id, image] of [
      ['img-2', 'data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg"/>'],
      ['img-3', 'https://cdn.example/coat.jpg?w=200'],
    ] as const) {
      shopper.send({ v: 1, type: 'context', page: { product: { id, title: 'Coat', image } } });
      let page: PageContext | undefined;
      await eventually(
        async () => {
          page = await pageSeen(sue, conversation.id);
          return page?.product?.id === id;
        },
        id,
        20_000,
      );
      expect(page?.product?.image).toBe(image.startsWith('https:') ? image : undefined);
    }
    shopper.ws.close();
    sue.disconnect();
  });
});
