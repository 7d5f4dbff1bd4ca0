import { describe, expect, it } from 'vitest';
import { createShopperClient } from '../../packages/sdk/src/client/zod-client.ts';
import { agent, until, wsWithOrigin } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { memoryStorage } from '../../packages/sdk/src/transport/storage.ts';
import { AGENTS, SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding 16: the widget reported the page's full address, so a password-reset token in the
// query, or a sign-in token in the fragment, reached the hub's store, its logs and every agent
// who opened the conversation. The attacker is whoever reads those (an agent, a log pipeline).
// Chromium's side (the widget reading `location`) is in packages/widget/test/browser/privacy.browser.test.ts.

const SECRETS = [
  'RESET-3f9a7c1e5b2d',
  'FRAGMENT-8c4f6a0e7f3c',
  'SESSION-9a1e5b2d8c4f',
  'victim%40example.com',
];

describe('an attacker harvests tokens from the addresses of shoppers’ pages', () => {
  it('finds no query or fragment in the agent’s view, the logs or the hub’s heap', async () => {
    const hub = await startHubProcess();
    const shopper = createShopperClient({
      url: `${hub.wsUrl}/`,
      siteKey: 'shop',
      WebSocket: wsWithOrigin(SHOP_ORIGIN),
      storage: memoryStorage(),
      page: { url: `${SHOP_ORIGIN}/account/reset?reset=${SECRETS[0]}#token=${SECRETS[1]}`, title: 'Reset' },
    });
    shopper.connect();
    await until(() => shopper.status === 'open', 'the shopper’s welcome');
    shopper.send('I cannot reset my password');
    await until(() => shopper.outbox.length === 0, 'the message stored');
    shopper.setContext({
      url: `${SHOP_ORIGIN}/p/coat?session=${SECRETS[2]}&email=${SECRETS[3]}#top`,
      product: { id: 'coat-1', title: 'Wool coat' },
    });

    const sue = agent(hub.wsUrl, AGENTS.sue.token);
    await sue.connect();
    const conversationId = shopper.conversationId as string;
    // The context frame is handled in order after the send; re-join until the agent sees it.
    let page = (await sue.join(conversationId)).page;
    while (page?.product?.id !== 'coat-1') page = (await sue.join(conversationId)).page;
    expect(page.url).toBe(`${SHOP_ORIGIN}/p/coat`);

    const logs = hub.logs.join('\n');
    const inHeap = await hub.heapIncludes(SECRETS);
    console.log(
      `page secrets found: ${inHeap.length} in the hub's heap, ${SECRETS.filter((s) => logs.includes(s)).length} in its logs`,
    );
    expect(inHeap).toEqual([]);
    for (const secret of SECRETS) expect(logs).not.toContain(secret);
    shopper.close();
    sue.disconnect();
  });
});
