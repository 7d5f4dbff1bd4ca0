import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHub, type Hub } from '@kefu/sdk';
import { createShopperClient } from '@kefu/sdk/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { route, shouldEscalate } from '../src/shop-escalation.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const file = fileURLToPath(new URL('../src/shop-escalation.ts', import.meta.url));

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

/** A hub with the example's rules, a bot that is never sure, and one agent in each of two groups. */
async function start() {
  hub = createHub({
    sites: [{ key: 'my-shop', origins: ['http://localhost:3000'] }],
    agents: [
      { id: 'mei', name: 'Mei', token: 'mei-token-0123456789abcdef', groups: ['default'] },
      { id: 'lei', name: 'Lei', token: 'lei-token-0123456789abcdef', groups: ['complaints'] },
    ],
    answer: async () => ({ content: [{ kind: 'text', text: 'Let me see.' }], confidence: 0.3 }),
    shouldEscalate,
    route,
    routing: { assignment: 'manual', ticketWhenUnstaffed: false },
  });
  const escalated: { group: string; reason: string }[] = [];
  hub.on('escalated', (e) => escalated.push({ group: e.group, reason: e.reason }));
  const { url } = await hub.listen({ port: 0, host: '127.0.0.1' });
  return { url, escalated };
}

describe('the shop escalation example in README.md', () => {
  it('is in README.md exactly as in examples/plugins/src/shop-escalation.ts', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${readFileSync(file, 'utf8').trim()}\n\`\`\``);
  });

  it('hands a chargeback to the complaints team at once, and leaves a first unsure answer to the bot', async () => {
    const { url, escalated } = await start();
    const shopper = createShopperClient({
      url,
      siteKey: 'my-shop',
      WebSocket,
      origin: 'http://localhost:3000',
    });
    let unsure = 0;
    shopper.on('message', (m) => {
      if (m.content.kind === 'text' && m.content.text === 'Let me see.') unsure++;
    });
    shopper.connect();
    shopper.send('Do you sell gift cards?');
    // One unsure answer: the built-in rules wait for a second (policy.maxFailedBotTurns 2).
    await expect.poll(() => unsure, { timeout: 10_000 }).toBe(1);
    expect(escalated).toEqual([]);
    shopper.send('I will file a chargeback with my bank');
    await expect.poll(() => escalated, { timeout: 10_000 }).toHaveLength(1);
    expect(escalated[0]).toMatchObject({ group: 'complaints' });
    expect(escalated[0]?.reason).toContain('payment dispute');
    // The rules run after the bot's turn: its answer to the chargeback was shown first.
    await expect.poll(() => unsure, { timeout: 10_000 }).toBe(2);
    shopper.close();
  });
});
