import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signIdentity } from '@kefu/sdk';
import { createShopperClient } from '@kefu/sdk/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { printed } from '../../../test/spawned-output.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const examples = {
  js: fileURLToPath(new URL('../src/merchant-hub.mjs', import.meta.url)),
  ts: fileURLToPath(new URL('../src/merchant-hub.ts', import.meta.url)),
};
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill();
});

/** Starts the example as a user would (tsx), and resolves with the URL it prints. */
function run(file: string, env: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, [`${root}node_modules/tsx/dist/cli.mjs`, '--conditions=source', file], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return printed(child, /listening on (ws:\/\/\S+)/).then(({ found }) => found);
}

/** A shopper of the example's site (my-shop) in English, on a page of localhost:3000. */
const exampleShopper = (url: string, extra: Partial<Parameters<typeof createShopperClient>[0]> = {}) =>
  createShopperClient({
    url,
    siteKey: 'my-shop',
    WebSocket,
    origin: 'http://localhost:3000',
    locale: 'en',
    ...extra,
  });

describe('the merchant hub example in README.md', () => {
  it('is in README.md exactly as in examples/plugins/src/merchant-hub.mjs and .ts', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    expect(readme).toContain(`\`\`\`js\n${readFileSync(examples.js, 'utf8').trim()}\n\`\`\``);
    expect(readme).toContain(`\`\`\`ts\n${readFileSync(examples.ts, 'utf8').trim()}\n\`\`\``);
  });

  it.each(['js', 'ts'] as const)(
    'runs as written (%s) and answers a shopper with its own answer function',
    async (lang) => {
      const url = await run(examples[lang], { PORT: '0' });
      const shopper = exampleShopper(url);
      const texts: string[] = [];
      shopper.on('message', (m) => {
        if (m.author.kind === 'bot' && m.content.kind === 'text') texts.push(m.content.text);
      });
      shopper.connect();
      shopper.send('When do you ship my parcel?');
      await expect.poll(() => texts, { timeout: 20_000 }).toContain('We ship within 24 hours.');
      shopper.close();
    },
  );

  it.each(['js', 'ts'] as const)(
    'shows order SO-1024 only to its owner, user 42 (%s): not to an anonymous or another shopper who names it',
    async (lang) => {
      const secret = 'identity-secret-for-the-example-test';
      const url = await run(examples[lang], { PORT: '0', KEFU_IDENTITY_SECRET: secret });
      /**
       * Asks `text` (about SO-1024 from its page, by default), as `user` (anonymous without): the
       * orders the shopper's conversation shows (`want` of them, earlier ones replayed included),
       * and whether they were handed to a person.
       */
      const ask = async (
        user?: string,
        text = 'Where is my order?',
        page: { orderId?: string } = { orderId: 'SO-1024' },
        want = 1,
      ) => {
        const shopper = exampleShopper(url, {
          page,
          ...(user ? { identity: signIdentity({ id: user }, secret, { audience: 'my-shop' }) } : {}),
        });
        const orders: string[] = [];
        let handedOver = false;
        shopper.on('message', (m) => {
          if (m.content.kind === 'order') orders.push(m.content.order.id);
        });
        shopper.on('state', (s) => {
          if (s.status !== 'bot') handedOver = true;
        });
        shopper.connect();
        shopper.send(text);
        // The bot either shows the order or, having no answer, hands the shopper to a person.
        await expect.poll(() => orders.length >= want || handedOver, { timeout: 20_000 }).toBe(true);
        shopper.close();
        return { orders, handedOver };
      };
      expect(await ask()).toEqual({ orders: [], handedOver: true });
      expect(await ask('7')).toEqual({ orders: [], handedOver: true });
      expect((await ask('42')).orders).toEqual(['SO-1024']);
      // The number typed on any page is looked up the same way, for its owner only (user 42's
      // conversation replays the order it showed above).
      expect((await ask('42', 'so-1024 where is it', {}, 2)).orders).toEqual(['SO-1024', 'SO-1024']);
      expect(await ask('8', 'so-1024 where is it', {})).toEqual({ orders: [], handedOver: true });
    },
  );
});
