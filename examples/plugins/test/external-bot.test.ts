import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHub, type Hub } from '@kefu/sdk';
import { createShopperClient } from '@kefu/sdk/client';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { printed } from '../../../test/spawned-output.ts';

// README's external bot (examples/plugins/src/external-bot.ts), run as written beside a hub whose
// agents list has it. Its inbox listener ran on every inbox change while a conversation was still
// queued, accepted it again and greeted the shopper two or three times.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const BOT_TOKEN = 'returns-bot-token-0123456789abcdef';
const GREETING = 'I can start your return right away: what is your order number?';
let hub: Hub | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill();
  child = undefined;
  await hub?.close();
  hub = undefined;
});

it.each(['auto', 'manual'] as const)(
  'greets a shopper once, registers the return and hands back (%s assignment)',
  async (assignment) => {
    hub = createHub({
      sites: [{ key: 'my-shop', origins: ['http://localhost:*'] }],
      agents: [{ id: 'returns-bot', name: 'Returns bot', token: BOT_TOKEN, groups: ['returns'] }],
      route: async () => ({ group: 'returns' }),
      routing: { assignment },
    });
    const { url } = await hub.listen({ port: 0 });
    child = spawn(
      process.execPath,
      [`${root}node_modules/tsx/dist/cli.mjs`, '--conditions=source', 'src/external-bot.ts'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { ...process.env, BOT_TOKEN, KEFU_HUB: url },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await printed(child, /external bot online as (.+)/);
    const shopper = createShopperClient({
      url,
      siteKey: 'my-shop',
      WebSocket,
      origin: 'http://localhost:3000',
      locale: 'en',
    });
    const said: string[] = [];
    shopper.on('message', (m) => {
      if (m.content.kind === 'text' || m.content.kind === 'system')
        said.push(`${m.author.kind}: ${m.content.text}`);
    });
    shopper.connect();
    shopper.send('I want to return this, let me talk to a person');
    await expect.poll(() => said, { timeout: 30_000 }).toContain(`agent: ${GREETING}`);
    shopper.send('my order is AB-1234');
    await expect
      .poll(() => said.some((s) => s.startsWith('system:') && s.includes('left')), { timeout: 30_000 })
      .toBe(true);
    expect(said).toContain('agent: Return for AB-1234 is registered. A courier will call you tomorrow.');
    expect(said.filter((s) => s === `agent: ${GREETING}`)).toHaveLength(1);
    shopper.close();
  },
);

it('keeps running when the hub refuses one of its replies (quality inspection holds it)', async () => {
  hub = createHub({
    sites: [{ key: 'my-shop', origins: ['http://localhost:*'] }],
    agents: [{ id: 'returns-bot', name: 'Returns bot', token: BOT_TOKEN, groups: ['returns'] }],
    route: async () => ({ group: 'returns' }),
    quality: { rules: [{ id: 'no-couriers', description: 'test', severity: 'block', forbid: ['courier'] }] },
  });
  const { url } = await hub.listen({ port: 0 });
  const bot = spawn(
    process.execPath,
    [`${root}node_modules/tsx/dist/cli.mjs`, '--conditions=source', 'src/external-bot.ts'],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, BOT_TOKEN, KEFU_HUB: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child = bot;
  let exited = false;
  let errors = '';
  bot.on('exit', () => {
    exited = true;
  });
  bot.stderr.on('data', (d) => {
    errors += d;
  });
  await printed(bot, /external bot online as (.+)/);
  const shopper = createShopperClient({
    url,
    siteKey: 'my-shop',
    WebSocket,
    origin: 'http://localhost:3000',
    locale: 'en',
  });
  const said: string[] = [];
  shopper.on('message', (m) => {
    if (m.content.kind === 'text') said.push(`${m.author.kind}: ${m.content.text}`);
  });
  shopper.connect();
  shopper.send('I want to return this, let me talk to a person');
  await expect.poll(() => said, { timeout: 30_000 }).toContain(`agent: ${GREETING}`);
  shopper.send('my order is AB-1234');
  // Before 2026-12-06 the held reply's rejection was unhandled in an async listener: Node ended the bot.
  await expect.poll(() => exited || /could not answer/.test(errors), { timeout: 30_000 }).toBe(true);
  shopper.close();
  expect(errors).toMatch(/could not answer c_\w+: .*held/);
  expect(exited).toBe(false);
});
