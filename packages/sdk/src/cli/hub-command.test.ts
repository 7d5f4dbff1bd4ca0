import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@kefu/protocol';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { kefuCli } from '../../../../test/kefu-cli.ts';
import { printed } from '../../../../test/spawned-output.ts';
import { createShopperClient } from '../client/index.ts';
import { hashApiKeySecret } from '../hub/api-keys.ts';
import { track } from '../testing/started.ts';
import { until } from '../testing/until.ts';
import { webhookReceiver } from '../testing/webhook-receiver.ts';

const ORIGIN = 'https://shop.example';
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

const kb = (answer: string) =>
  [
    'version: 1',
    'entries:',
    '  - id: shipping',
    '    question: How soon do you ship my order?',
    '    alternatives: [When will my order be dispatched?]',
    `    answer: ${answer}`,
    '    tags: [shipping]',
  ].join('\n');

/** `kefu hub --config …` as its own process, as an operator starts it. */
function startHub(config: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [...kefuCli(), 'hub', '--config', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SHOP_ORIGIN: ORIGIN },
  });
  children.push(child);
  return printed(child, /listening on (ws:\/\/[\d.]+:\d+\S*)/).then(({ found, output }) => ({
    child,
    url: found,
    output,
  }));
}

it('starts a hub from a YAML config whose FAQ answers a shopper, reloads the edited knowledge base, and stops cleanly on SIGTERM', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kefu-hub-'));
  await writeFile(join(dir, 'faq.yaml'), kb('Within 48 hours of payment.'));
  await writeFile(
    join(dir, 'kefu.config.yaml'),
    [
      'listen: { port: 0 }',
      'sites: [{ key: shop, origins: "${SHOP_ORIGIN}" }]',
      'knowledgeBase: faq.yaml',
      'log: { level: warn }',
    ].join('\n'),
  );
  const hub = await startHub(join(dir, 'kefu.config.yaml'));
  expect(hub.output()).toMatch(
    /kefu hub listening on ws:\/\/127\.0\.0\.1:\d+ \(store memory, bus memory, 1 site, 0 agents\)/,
  );

  const messages: Message[] = [];
  const shopper = track(
    createShopperClient({ url: hub.url, siteKey: 'shop', WebSocket, origin: ORIGIN, locale: 'en' }),
  );
  shopper.on('message', (m) => messages.push(m));
  shopper.connect();
  const botSaid = () =>
    messages
      .filter((m) => m.author.kind === 'bot' && m.content.kind === 'text')
      .map((m) => (m.content.kind === 'text' ? m.content.text : ''));
  shopper.send('How soon do you ship my order?');
  await until(
    () => botSaid().some((t) => t.includes('Within 48 hours')),
    () => `bot said ${JSON.stringify(botSaid())}`,
  );

  await writeFile(join(dir, 'faq.yaml'), kb('Same day when you pay before 4 pm.'));
  // The watcher reloads on change; ask until the new answer comes (a question per 300 ms at most).
  let asked = 0;
  await until(
    () => {
      if (botSaid().some((t) => t.includes('Same day'))) return true;
      if (messages.length > asked * 2) {
        asked++;
        shopper.send('When will my order be dispatched?');
      }
      return false;
    },
    () => `asked ${asked}, bot said ${JSON.stringify(botSaid())}`,
  );

  const exited = new Promise<number | null>((resolve) => hub.child.once('exit', resolve));
  hub.child.kill('SIGTERM');
  expect(await exited).toBe(0);
});

it('serves the HTTP API with a key seeded in the config, writes knowledge-base edits back to the file, and delivers a signed webhook', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kefu-hub-'));
  const receiver = await webhookReceiver('whsec_cli_test_0123456789');
  try {
    await writeFile(join(dir, 'faq.yaml'), kb('Within 48 hours of payment.'));
    const secret = 'cli-test-api-secret-0123456789';
    await writeFile(
      join(dir, 'kefu.config.yaml'),
      [
        'listen: { port: 0 }',
        'sites: [{ key: shop, origins: "${SHOP_ORIGIN}" }]',
        'knowledgeBase: faq.yaml',
        `http: { apiKeys: [{ id: ops, name: ops, scopes: [admin], hash: ${hashApiKeySecret(secret)} }] }`,
        `webhooks: { allowPrivateNetworks: true, pollMs: 50, subscriptions: [{ url: "${receiver.url}", events: [conversation.closed], secret: whsec_cli_test_0123456789 }] }`,
        'log: { level: warn }',
      ].join('\n'),
    );
    const hub = await startHub(join(dir, 'kefu.config.yaml'));
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${hub.url.replace('ws', 'http')}${path}`, {
        method,
        headers: {
          authorization: `Bearer kefu_ops_${secret}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    const entry = {
      id: 'gift',
      question: 'Do you gift wrap?',
      alternatives: [],
      answer: 'Yes, for free.',
      tags: [],
    };
    expect((await api('PUT', '/api/v1/kb/entries/gift', entry)).status).toBe(201);
    expect(await readFile(join(dir, 'faq.yaml'), 'utf8')).toContain('answer: Yes, for free.');

    const messages: Message[] = [];
    const shopper = track(
      createShopperClient({ url: hub.url, siteKey: 'shop', WebSocket, origin: ORIGIN, locale: 'en' }),
    );
    shopper.on('message', (m) => messages.push(m));
    shopper.connect();
    shopper.send('Do you gift wrap?');
    await until(
      () => messages.some((m) => m.content.kind === 'text' && m.content.text === 'Yes, for free.'),
      () => `${messages.length} messages`,
    );
    const conversationId = messages[0]!.conversationId;
    expect((await api('POST', `/api/v1/conversations/${conversationId}/close`, {})).status).toBe(200);
    await until(() => receiver.received.length > 0, 'the conversation.closed webhook');
    expect(receiver.received[0]).toMatchObject({ type: 'conversation.closed', verified: true });
    expect(JSON.parse(receiver.received[0]!.body).data).toMatchObject({ conversationId });
  } finally {
    await receiver.close();
  }
});

it('prints the URL clients connect to, with the path the config serves WebSockets on, and on SIGINT closes its sockets as a shutdown and exits 0', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kefu-hub-'));
  await writeFile(
    join(dir, 'kefu.config.yaml'),
    [
      'listen: { port: 0 }',
      'path: /kefu',
      'sites: [{ key: shop, origins: "${SHOP_ORIGIN}" }]',
      'log: { level: warn }',
    ].join('\n'),
  );
  const hub = await startHub(join(dir, 'kefu.config.yaml'));
  expect(hub.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/kefu$/);
  // The printed URL is one a shopper can use: without the path the hub refuses the upgrade.
  const shopper = track(createShopperClient({ url: hub.url, siteKey: 'shop', WebSocket, origin: ORIGIN }));
  shopper.connect();
  await until(
    () => shopper.status === 'open',
    () => `shopper ${shopper.status}; hub said ${hub.output()}`,
  );

  // Ctrl-C, or a process manager's SIGINT: drained as on SIGTERM, each socket closed with
  // server_shutdown's 1001 (clients resume elsewhere), then exit 0.
  const socket = new WebSocket(hub.url, { origin: ORIGIN });
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const exited = new Promise<number | null>((resolve) => hub.child.once('exit', resolve));
  hub.child.kill('SIGINT');
  expect(await closed).toBe(1001);
  expect(await exited).toBe(0);
  expect(hub.output()).toContain('kefu: SIGINT: closing the hub');
});

it('refuses to start with a config error that names the key, and exits 1', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kefu-hub-'));
  await writeFile(
    join(dir, 'kefu.config.json'),
    JSON.stringify({ sites: [{ key: 'shop', origins: [ORIGIN] }], knowledgeBase: 'missing.csv' }),
  );
  await expect(startHub(join(dir, 'kefu.config.json'))).rejects.toThrow(
    /exited with 1 before printing .*: Invalid Kefu config .*kefu\.config\.json \(1 problem\):\n {2}- knowledgeBase: missing\.csv: no such file/,
  );
});
