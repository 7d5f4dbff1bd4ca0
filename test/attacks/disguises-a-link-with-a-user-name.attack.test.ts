import { describe, expect, it } from 'vitest';
import { splitLinks } from '../../packages/sdk/src/client/message-links.ts';
import { agent, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';
import { BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (seventh pass, 2026-12-07): the console and the widget make every http(s) URL in a message
// clickable and show it as it was typed. A shopper wrote `https://shop.example.com@evil.example/…`:
// the agent read a link that starts with the shop's own name, and a click went to `evil.example`
// (the part before `@` is a user name; Chrome follows it without a word). A URL with a user name or
// password now stays plain text, as `javascript:` does.

const DISGUISED = [
  'https://localhost:5173@evil.example/account/refund',
  'http://shop.example.com:pass@evil.example/login',
  'https://shop.example.com%2Fhelp@evil.example/',
];

describe('a shopper disguises a link with a user name', () => {
  it('reaches the agent as text, not as a link to the host after the @', async () => {
    const hub = await startHubProcess({ options: BY_HAND });
    const { shopper, conversationId } = await queuedShopper(hub, 'userinfo-link');
    const alice = agent(hub.wsUrl, AGENTS.alice.token);
    await alice.connect();
    await alice.accept(conversationId);
    const texts: string[] = [];
    alice.on('message', ({ message }) => {
      if (message.content.kind === 'text') texts.push(message.content.text);
    });
    const text = `Please refund here: ${DISGUISED.join(' ')} or https://localhost:5173/help`;
    shopper.send({ v: 1, type: 'send', clientMsgId: 'u1', content: { kind: 'text', text } });
    await until(() => texts.includes(text), 'the message reaches the agent');
    const links = splitLinks(texts.at(-1)!).flatMap((part) => ('href' in part ? [part.href] : []));
    // The shop's own link stays one; none leads to the host after an @.
    expect(links).toEqual(['https://localhost:5173/help']);
    shopper.ws.close();
    alice.disconnect();
  });
});
