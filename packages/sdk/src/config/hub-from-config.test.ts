import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createShopperClient } from '../client/index.ts';
import { bareEntry as entry } from '../faq/test-fixtures.ts';
import { hashApiKeySecret } from '../hub/api-keys.ts';
import { AGENT_TOKEN, agent, ORIGIN as FIXTURE_ORIGIN, shopper } from '../testing/hub-fixture.ts';
import { track } from '../testing/started.ts';
import { until } from '../testing/until.ts';
import { createHubFromConfig } from './hub-from-config.ts';
import { KefuConfigError, parseConfig } from './load-config.ts';
import { busKind, openBus, openStore, storeKind } from './open-backends.ts';

const ORIGIN = 'https://shop.example';

/** A new shopper's question, and the bot's first reply that `expected` matches. */
async function ask(url: string, text: string, expected: RegExp): Promise<string | undefined> {
  const said: string[] = [];
  const shopper = track(createShopperClient({ url, siteKey: 'shop', WebSocket, origin: ORIGIN }));
  shopper.on('message', (m: Message) => {
    if (m.author.kind === 'bot' && m.content.kind === 'text') said.push(m.content.text);
  });
  shopper.connect();
  shopper.send(text);
  await until(
    () => said.some((t) => expected.test(t)),
    () => `an answer to ${text}, bot said ${said}`,
  );
  shopper.close();
  return said.find((t) => expected.test(t));
}

describe('createHubFromConfig', () => {
  it('answers each shopper from the knowledge base of the language they write in', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    await writeFile(
      join(dir, 'zh.json'),
      JSON.stringify({ version: 1, entries: [entry('ship', '你们什么时候发货？', '付款后48小时内发货。')] }),
    );
    await writeFile(
      join(dir, 'en.json'),
      JSON.stringify({
        version: 1,
        entries: [entry('ship', 'When do you ship my order?', 'Within 48 hours of payment.')],
      }),
    );
    const config = parseConfig(
      JSON.stringify({
        sites: [{ key: 'shop', origins: [ORIGIN] }],
        knowledgeBase: { zh: 'zh.json', en: 'en.json' },
      }),
    );
    const kefu = await createHubFromConfig({ config, baseDir: dir, file: join(dir, 'kefu.config.json') });
    try {
      const { url } = await kefu.hub.listen({ port: 0 });
      // The greeting comes first; both knowledge bases answer with "48".
      expect(await ask(url, '你们什么时候发货', /48/)).toBe('付款后48小时内发货。');
      expect(await ask(url, 'When do you ship my order?', /48/)).toBe('Within 48 hours of payment.');
    } finally {
      await kefu.close();
    }
  });

  it('reloads the file of one language when it changes, the other language answering as before', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    const zh = (answer: string) =>
      JSON.stringify({ version: 1, entries: [entry('ship', '你们什么时候发货？', answer)] });
    await writeFile(join(dir, 'zh.json'), zh('付款后48小时内发货。'));
    await writeFile(
      join(dir, 'en.json'),
      JSON.stringify({ version: 1, entries: [entry('ship', 'When do you ship my order?', 'In 48 hours.')] }),
    );
    const config = parseConfig(
      JSON.stringify({
        sites: [{ key: 'shop', origins: [ORIGIN] }],
        knowledgeBase: { zh: 'zh.json', en: 'en.json' },
      }),
    );
    const reloaded: string[] = [];
    const logger = {
      log: (_: string, event: string) => void (event === 'kb.reloaded' && reloaded.push(event)),
    };
    const kefu = await createHubFromConfig({ config, baseDir: dir, file: '' }, { logger });
    try {
      const { url } = await kefu.hub.listen({ port: 0 });
      expect(await ask(url, '你们什么时候发货', /48|24/)).toBe('付款后48小时内发货。');
      await writeFile(join(dir, 'zh.json'), zh('付款后24小时内发货。'));
      await until(() => reloaded.length > 0, 'the edited Chinese file reloaded');
      expect(await ask(url, '你们什么时候发货', /48|24/)).toBe('付款后24小时内发货。');
      expect(await ask(url, 'When do you ship my order?', /48/)).toBe('In 48 hours.');
    } finally {
      await kefu.close();
    }
  });

  it('says why the knowledge-base routes are off with one file per language, instead of naming an option the config sets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    await writeFile(
      join(dir, 'en.json'),
      JSON.stringify({ version: 1, entries: [entry('ship', 'When do you ship?', 'In 48 hours.')] }),
    );
    await writeFile(
      join(dir, 'zh.json'),
      JSON.stringify({ version: 1, entries: [entry('ship', '什么时候发货？', '48 小时内。')] }),
    );
    const secret = 'config-test-api-secret-0123456789';
    const config = parseConfig(
      JSON.stringify({
        sites: [{ key: 's', origins: ['*'] }],
        knowledgeBase: { en: 'en.json', zh: 'zh.json' },
        http: { apiKeys: [{ id: 'ops', name: 'ops', scopes: ['admin'], hash: hashApiKeySecret(secret) }] },
      }),
    );
    const kefu = await createHubFromConfig({ config, baseDir: dir, file: '' });
    try {
      const { url } = await kefu.hub.listen({ port: 0 });
      const res = await fetch(`${url.replace('ws', 'http')}/api/v1/kb/entries`, {
        headers: { authorization: `Bearer kefu_ops_${secret}` },
      });
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toMatch(
        /one knowledgeBase file \(with one file per language, edit the files/,
      );
    } finally {
      await kefu.close();
    }
  });

  it('writes an entry put through the HTTP API into its YAML file in place, keeping the comments and layout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    const file = `# Our FAQ — keep answers short.
version: 1
entries:
  # Legal asked for this wording.
  - id: returns
    question: "Can I return an item?" # quoted on purpose
    answer: |
      Within 7 days,
      unused.
  - id: ship
    question: When do you ship?
    answer: In 48 hours.
`;
    await writeFile(join(dir, 'faq.yaml'), file);
    const secret = 'config-test-api-secret-0123456789';
    const config = parseConfig(
      JSON.stringify({
        sites: [{ key: 's', origins: ['*'] }],
        knowledgeBase: 'faq.yaml',
        watchKnowledgeBase: false,
        http: { apiKeys: [{ id: 'ops', name: 'ops', scopes: ['admin'], hash: hashApiKeySecret(secret) }] },
      }),
    );
    const kefu = await createHubFromConfig({ config, baseDir: dir, file: '' });
    try {
      const { url } = await kefu.hub.listen({ port: 0 });
      const res = await fetch(`${url.replace('ws', 'http')}/api/v1/kb/entries/ship`, {
        method: 'PUT',
        headers: { authorization: `Bearer kefu_ops_${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(entry('ship', 'When do you ship?', 'In 24 hours.')),
      });
      expect(res.status).toBe(200);
      expect(await readFile(join(dir, 'faq.yaml'), 'utf8')).toBe(
        file.replace('In 48 hours.', 'In 24 hours.'),
      );
    } finally {
      await kefu.close();
    }
  });

  it('lists and keeps a change made to the watched file when the HTTP API edits the knowledge base after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    const path = join(dir, 'faq.json');
    const kb = (...entries: ReturnType<typeof entry>[]) =>
      `${JSON.stringify({ version: 1, entries }, null, 2)}\n`;
    await writeFile(path, kb(entry('returns', 'Can I return an item?', 'Within 7 days.')));
    const secret = 'config-test-api-secret-0123456789';
    const config = parseConfig(
      JSON.stringify({
        sites: [{ key: 's', origins: ['*'] }],
        knowledgeBase: 'faq.json',
        http: { apiKeys: [{ id: 'ops', name: 'ops', scopes: ['admin'], hash: hashApiKeySecret(secret) }] },
      }),
    );
    const kefu = await createHubFromConfig({ config, baseDir: dir, file: '' });
    try {
      const { url } = await kefu.hub.listen({ port: 0 });
      const api = (path: string, init: RequestInit = {}) =>
        fetch(`${url.replace('ws', 'http')}/api/v1/kb/entries${path}`, {
          ...init,
          headers: { authorization: `Bearer kefu_ops_${secret}`, 'content-type': 'application/json' },
        });
      // The merchant (or another node's edit) changes the file; the hub reloads it.
      await writeFile(
        path,
        kb(
          entry('returns', 'Can I return an item?', 'Within 7 days.'),
          entry('ship', 'When do you ship?', 'In 48 hours.'),
        ),
      );
      await until(() => kefu.hub.admin.knowledge?.get('ship') !== undefined, 'the file change listed');
      const res = await api('/pay', {
        method: 'PUT',
        body: JSON.stringify(entry('pay', 'How can I pay?', 'By card.')),
      });
      expect(res.status).toBe(201);
      const ids = (await (await api('')).json()).items.map((e: { id: string }) => e.id);
      expect(ids).toEqual(['returns', 'ship', 'pay']);
      const written = JSON.parse(await readFile(path, 'utf8'));
      expect(written.entries.map((e: { id: string }) => e.id)).toEqual(['returns', 'ship', 'pay']);
    } finally {
      await kefu.close();
    }
  });

  it('suggests to agents an entry added through the HTTP API', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    await writeFile(
      join(dir, 'faq.csv'),
      'id,question,answer\nreturns,Can I return an item?,Within 7 days.\n',
    );
    const secret = 'config-test-api-secret-0123456789';
    const config = parseConfig(
      JSON.stringify({
        sites: [{ key: 'shop', origins: [FIXTURE_ORIGIN] }],
        agents: [{ id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] }],
        routing: { assignment: 'manual' },
        knowledgeBase: 'faq.csv',
        http: { apiKeys: [{ id: 'ops', name: 'ops', scopes: ['admin'], hash: hashApiKeySecret(secret) }] },
      }),
    );
    const kefu = await createHubFromConfig({ config, baseDir: dir, file: '' });
    try {
      const { url } = await kefu.hub.listen({ port: 0 });
      const res = await fetch(`${url.replace('ws', 'http')}/api/v1/kb/entries/gift-wrap`, {
        method: 'PUT',
        headers: { authorization: `Bearer kefu_ops_${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(entry('gift-wrap', '可以礼品包装吗', '可以，免费礼盒包装。')),
      });
      expect(res.status).toBe(201);
      const a = agent(url);
      await a.connect();
      const s = shopper(url, { locale: 'zh-CN' });
      s.connect();
      s.send('转人工');
      await until(() => s.state?.status === 'queued', 'queued');
      const c = await a.accept(s.conversationId!);
      s.send('可以帮我礼品包装吗');
      await until(
        () => a.assistFor(c.id)?.suggestions.some((x) => x.entryId === 'gift-wrap') === true,
        () => `gift-wrap suggested, got ${a.assistFor(c.id)?.suggestions.map((x) => x.entryId)}`,
      );
      s.close();
      a.disconnect();
    } finally {
      await kefu.close();
    }
  });

  // A merchant without code had no way to give agents canned replies: the config refused the key,
  // and the console's `/` list stayed empty.
  it('gives agents the config’s canned replies, and those given in code beside them', async () => {
    const config = parseConfig(
      JSON.stringify({
        sites: [{ key: 'shop', origins: [FIXTURE_ORIGIN] }],
        agents: [{ id: 'mei', name: 'Mei', token: AGENT_TOKEN, groups: ['default'] }],
        canned: [{ id: 'hi', title: '问候', text: '您好 {name}，我是客服小美', category: '通用' }],
      }),
    );
    const extra = { assist: { canned: [{ id: 'bye', title: '结束', text: '感谢您的耐心' }] } };
    const kefu = await createHubFromConfig({ config, baseDir: tmpdir(), file: '' }, { extra });
    try {
      const { url } = await kefu.hub.listen({ port: 0 });
      const a = agent(url);
      await a.connect();
      expect(a.canned.map((c) => c.id)).toEqual(['hi', 'bye']);
      a.disconnect();
    } finally {
      await kefu.close();
    }
    expect(() =>
      parseConfig(
        JSON.stringify({ sites: [{ key: 'shop', origins: [ORIGIN] }], canned: [{ id: 'x', text: 'y' }] }),
      ),
    ).toThrow(/canned\[0\]\.title/);
  });

  it('refuses a knowledge base with problems, naming the language and the entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    await writeFile(
      join(dir, 'en.json'),
      JSON.stringify({ version: 1, entries: [entry('ship', 'When?', '')] }),
    );
    const config = parseConfig(
      JSON.stringify({ sites: [{ key: 's', origins: ['*'] }], knowledgeBase: { en: 'en.json' } }),
    );
    const error = await createHubFromConfig({ config, baseDir: dir, file: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KefuConfigError);
    expect((error as KefuConfigError).issues[0]).toMatchObject({ path: 'knowledgeBase.en' });
    expect((error as KefuConfigError).issues[0]!.message).toMatch(
      /^en\.json: .*entry "ship" entries\[0\]\.answer/s,
    );
  });
});

describe('images', () => {
  it('keeps photos in the folder the config names, relative to the config file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    const config = parseConfig(
      JSON.stringify({
        sites: [{ key: 's', origins: ['*'] }],
        images: { store: { folder: 'photos' }, maxBytes: 1000 },
      }),
    );
    const kefu = await createHubFromConfig({ config, baseDir: dir, file: '' });
    try {
      expect(kefu.hub.images).toBeDefined();
      expect(await readdir(join(dir, 'photos'))).toEqual(['.tmp']);
    } finally {
      await kefu.close();
    }
    expect(() =>
      parseConfig(JSON.stringify({ sites: [{ key: 's', origins: ['*'] }], images: { store: {} } })),
    ).toThrow(/images\.store: /);
  });

  it('reads the agent consoles’ origins as a list or from one comma-separated string', () => {
    const consoles = (consoleOrigins: unknown) =>
      parseConfig(
        JSON.stringify({
          sites: [{ key: 's', origins: ['*'] }],
          images: { store: { folder: 'photos' }, consoleOrigins },
        }),
      ).images?.consoleOrigins;
    expect(consoles('https://a.test, https://b.test')).toEqual(['https://a.test', 'https://b.test']);
    expect(consoles(['https://a.test'])).toEqual(['https://a.test']);
  });
});

describe('store and bus URLs', () => {
  it('refuses a mistyped PostgreSQL URL instead of opening a PGlite folder of that name', () => {
    // `postgres:/db.internal/kefu` (one slash) was read as a folder path: the hub ran on an embedded
    // database in ./postgres:, and every node of a cluster on its own one.
    for (const url of [
      'postgres:/db.internal/kefu',
      'postgresql:db.internal',
      'postgres',
      'PostgreSQL',
      'sqlite:kefu.db',
    ])
      expect(() => storeKind(url), url).toThrow(
        expect.objectContaining({
          issues: [
            {
              path: 'store',
              message: `unknown store "${url}": use memory, pglite:<folder>, postgres://… or postgresql://…`,
            },
          ],
        }),
      );
    for (const url of ['pglite:./data', 'pglite:', './data', 'data/kefu', 'C:\\kefu\\data'])
      expect(storeKind(url), url).toBe('pglite');
  });

  it('leaves the password out of a URL it does not know (the message goes to logs and CI output)', () => {
    expect(() => storeKind('postgress://kefu:S3cret-pw@db.internal/kefu')).toThrow(
      'unknown store "postgress://kefu@db.internal/kefu"',
    );
    expect(() => storeKind('postgres:kefu:S3cret-pw@db.internal/kefu')).toThrow(/^(?!.*S3cret)/s);
    expect(() => busKind('rediss:/:S3cret-pw@cache.internal:6380')).toThrow(/^(?!.*S3cret)/s);
    expect(() => busKind('redis+sentinel://:S3cret-pw@cache.internal')).toThrow(
      'unknown bus "redis+sentinel://cache.internal"',
    );
  });

  it('names the key of a URL it does not know', async () => {
    await expect(openStore('mysql://db/kefu', '/')).rejects.toMatchObject({
      issues: [
        {
          path: 'store',
          message:
            'unknown store "mysql://db/kefu": use memory, pglite:<folder>, postgres://… or postgresql://…',
        },
      ],
    });
    await expect(openBus('nats://127.0.0.1:4222')).rejects.toMatchObject({
      issues: [{ path: 'bus', message: 'unknown bus "nats://127.0.0.1:4222": use memory or redis://…' }],
    });
    expect(await openBus('memory')).toBeUndefined();
    const store = await openStore('memory', '/');
    await store.close();
  });

  it('refuses a Redis bus nobody answers on with the connection error, instead of never starting', async () => {
    const config = parseConfig(
      'store: memory\nbus: redis://127.0.0.1:1\nsites: [{ key: my-shop, origins: [https://my-shop.example] }]\n',
      { source: 'kefu.config.yaml' },
    );
    await expect(
      createHubFromConfig({ config, baseDir: '/', file: 'kefu.config.yaml' }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: 'cannot connect to the bus at redis://127.0.0.1:1 (connection refused)',
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it('says it was the store that could not connect, naming its URL without the password', async () => {
    const config = parseConfig(
      'store: postgres://kefu:s3cret@127.0.0.1:1/test\nsites: [{ key: my-shop, origins: [https://my-shop.example] }]\n',
      { source: 'kefu.config.yaml' },
    );
    await expect(
      createHubFromConfig({ config, baseDir: '/', file: 'kefu.config.yaml' }),
    ).rejects.toMatchObject({
      code: 'internal',
      message: 'cannot connect to the store at postgres://kefu@127.0.0.1:1/test (connection refused)',
      cause: { code: 'ECONNREFUSED' },
    });
  });
});
