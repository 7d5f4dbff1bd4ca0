import { describe, expect, it } from 'vitest';
import { splitLinks } from '../../examples/agent-console/src/message-text.ts';
import { agent, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { AGENTS, startHubProcess } from './hub-process.ts';
import { BY_HAND, queuedShopper } from './queued-conversation.ts';

// Finding (seventh pass, 2026-12-07): the console and the widget make every http(s) URL in a message
// clickable and show it as it was typed. A shopper wrote `https://shop.example.com@evil.example/…`:
// the agent read a link that starts with the shop's own name, and a click went to `evil.example`
// (the part before `@` is a user name; Chrome follows it without a word). A URL with a user name or
// password now stays plain text, as `javascript:` does.
//
// The same pass: a host name may hold characters that look like a slash or a dot and are neither
// (U+2215 `∕`, U+2044 `⁄`). `https://shop.example.com∕refund.evil.example/` read as the shop's
// page `/refund.evil.example/` and led to `shop.example.xn--comrefund-ng4e.evil.example`, a name
// under the attacker's domain. The console now makes a link only when the host reads as it leads.

const DISGUISED = [
  'https://localhost:5173@evil.example/account/refund',
  'http://shop.example.com:pass@evil.example/login',
  'https://shop.example.com%2Fhelp@evil.example/',
];

/** What the agent's console makes links of, in a text a shopper sends. */
async function linksTheAgentGets(text: string): Promise<string[]> {
  const hub = await startHubProcess({ options: BY_HAND });
  const { shopper, conversationId } = await queuedShopper(hub, 'disguised-link');
  const alice = agent(hub.wsUrl, AGENTS.alice.token);
  await alice.connect();
  await alice.accept(conversationId);
  const texts: string[] = [];
  alice.on('message', ({ message }) => {
    if (message.content.kind === 'text') texts.push(message.content.text);
  });
  shopper.send({ v: 1, type: 'send', clientMsgId: 'u1', content: { kind: 'text', text } });
  await until(() => texts.includes(text), 'the message reaches the agent');
  shopper.ws.close();
  alice.disconnect();
  return splitLinks(texts.at(-1)!).flatMap((part) => ('href' in part ? [part.href] : []));
}

describe('a shopper disguises where a link leads', () => {
  it('with a user name: the agent gets text, not a link to the host after the @', async () => {
    const text = `Please refund here: ${DISGUISED.join(' ')} or https://localhost:5173/help`;
    // The shop's own link stays one; none leads to the host after an @.
    expect(await linksTheAgentGets(text)).toEqual(['https://localhost:5173/help']);
  });

  it('with a look-alike slash or dot in the host: the agent gets text, not a link to that name', async () => {
    const text =
      'Refund page: https://shop.example.com\u2215refund.evil.example/form https://shop.example.com\u2044help.evil.example ' +
      'or https://shop.example.com/help';
    expect(await linksTheAgentGets(text)).toEqual(['https://shop.example.com/help']);
  });
});
