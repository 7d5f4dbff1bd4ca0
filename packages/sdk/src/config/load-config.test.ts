import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KefuConfigError, loadConfig, parseConfig } from './load-config.ts';

const SITE = { key: 'shop', origins: ['https://shop.example'] };

function issuesOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KefuConfigError);
    return (error as KefuConfigError).issues;
  }
  throw new Error('expected a KefuConfigError');
}

describe('parseConfig', () => {
  it('reads YAML with ${VAR} and ${VAR:-default}, numbers and lists from the environment', () => {
    const config = parseConfig(
      [
        'listen: { port: "${PORT:-8080}" }',
        'store: ${DB}',
        'sites:',
        '  - key: shop',
        '    origins: ${ORIGINS}',
        'limits: { frameBurst: "${BURST:-30}" }',
        'routing: { preferLastAgent: "${PREFER:-false}" }',
        'botWhileWaiting: "${BOT_WHILE_WAITING:-false}"',
        'greeting: { en: "Hi! Ask me about tea." }',
        'http: { inboundSecret: "${ORDER_EVENTS_SECRET}" }',
      ].join('\n'),
      {
        source: 'kefu.config.yaml',
        env: {
          DB: 'postgres://db/kefu',
          ORIGINS: 'https://a.example, https://b.example',
          BURST: '500',
          ORDER_EVENTS_SECRET: 'order-events-secret-0123',
        },
      },
    );
    expect(config.listen?.port).toBe(8080);
    expect(config.store).toBe('postgres://db/kefu');
    expect(config.sites[0]!.origins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.limits?.frameBurst).toBe(500);
    expect(config.routing?.preferLastAgent).toBe(false);
    expect(config.botWhileWaiting).toBe(false);
    expect(config.greeting).toEqual({ en: 'Hi! Ask me about tea.' });
    expect(config.bus).toBe('memory');
    expect(config.http?.inboundSecret).toBe('order-events-secret-0123');
  });

  it('reads JSON, with a BOM, and defaults the store and bus to memory', () => {
    const config = parseConfig(`\uFEFF${JSON.stringify({ sites: [SITE] })}`, { source: 'kefu.config.json' });
    expect(config).toMatchObject({ store: 'memory', bus: 'memory', sites: [SITE] });
  });

  it("takes a site's locale, the language of notices to shoppers whose own is not known yet", () => {
    const config = parseConfig('sites: [{ key: shop, origins: [https://shop.example], locale: zh-CN }]', {
      source: 'kefu.config.yaml',
    });
    expect(config.sites[0]!.locale).toBe('zh-CN');
  });

  it('says which key an unknown one was meant to be, at the top and inside', () => {
    const issues = issuesOf(() =>
      parseConfig(
        'sites: [{ key: shop, origins: [https://shop.example], identitySecrets: x }]\nroutingg: {}\n' +
          'routing: { acceptTimeoutMS: 1000 }\nwebhook: {}\ncolour: blue\n',
        { source: 'kefu.config.yaml' },
      ),
    );
    expect(issues.map((i) => i.message)).toEqual([
      'unknown key identitySecrets (did you mean identitySecret?)',
      'unknown keys routingg (did you mean routing?), webhook (did you mean webhooks?), colour',
      'unknown key acceptTimeoutMS (did you mean acceptTimeoutMs?)',
    ]);
  });

  // Finding (2026-12-05): durations had no upper bound, so `kefu config check` passed a figure
  // that fired a plain timer at once (past 2^31 - 1 ms) or promised an SLA of centuries.
  it('refuses durations past what they may be, naming each key, and takes a month-long SLA', () => {
    const issues = issuesOf(() =>
      parseConfig(
        JSON.stringify({
          sites: [SITE],
          routing: {
            sla: {
              default: { firstResponseMs: 1e13 },
              groups: { billing: { resolutionMs: 31 * 86_400_000 } },
            },
            ticketDeadlines: { L1: { resolution: 1e13 } },
          },
          limits: { heartbeatMs: 2 ** 31 },
          retention: { closedDays: 1e6, everyMs: 2 ** 31 },
          abandonment: { idleDays: 1e6 },
          pluginTimeoutMs: 2 ** 31,
          botRetryMs: [2 ** 31],
          http: { readyTimeoutMs: 2 ** 31 },
          webhooks: { retry: { forMs: 1e15 }, keepDays: 36_500 },
        }),
        { source: 'kefu.config.json' },
      ),
    );
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'routing.sla.default.firstResponseMs: at most 31622400000 ms (366 days), got 10000000000000',
      'routing.ticketDeadlines.L1.resolution: at most 31622400000 ms (366 days), got 10000000000000',
      'limits.heartbeatMs: at most 2147483647 ms (24.8 days): Node fires a longer timer at once, got 2147483648',
      'retention.closedDays: at most 3650 days, got 1000000',
      'retention.everyMs: at most 2147483647 ms (24.8 days): Node fires a longer timer at once, got 2147483648',
      'abandonment.idleDays: at most 3650 days, got 1000000',
      'pluginTimeoutMs: at most 2147483647 ms (24.8 days): Node fires a longer timer at once, got 2147483648',
      'botRetryMs[0]: at most 2147483647 ms, got 2147483648',
      'http.readyTimeoutMs: at most 2147483647 ms (24.8 days): Node fires a longer timer at once, got 2147483648',
      'webhooks.retry.forMs: at most 31622400000 ms (366 days), got 1000000000000000',
      'webhooks.keepDays: at most 3650 days, got 36500',
    ]);
  });

  it('refuses a knowledge-base key the bot would never choose, naming it, instead of leaving its file unused', () => {
    const issues = issuesOf(() =>
      parseConfig(
        JSON.stringify({
          sites: [{ key: 'shop', origins: ['https://shop.example'] }],
          knowledgeBase: {
            zh: 'zh.json',
            'zh-TW': 'tw.json',
            'zh-tw': 'tw2.json',
            fr: 'fr.json',
            zh_HK: 'hk.json',
          },
        }),
      ),
    );
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['knowledgeBase.zh-tw', '"zh-tw" is listed twice (as zh-TW)'],
      [
        'knowledgeBase.fr',
        '"fr": the bot tells only Chinese (zh…) from English (en…) in what a shopper writes, so a fr knowledge base would never be chosen',
      ],
      [
        'knowledgeBase.zh_HK',
        '"zh_HK" is not a language key: zh or en, alone or with a region (zh-TW, zh-HK, en-GB) or a script (zh-Hant, zh-Hans)',
      ],
    ]);
    const config = parseConfig(
      'sites: [{ key: shop, origins: [https://shop.example] }]\nknowledgeBase: { zh: zh.json, zh-TW: tw.json, zh-Hant: hant.json }\n',
      { source: 'kefu.config.yaml' },
    );
    expect(config.knowledgeBase).toEqual({ zh: 'zh.json', 'zh-TW': 'tw.json', 'zh-Hant': 'hant.json' });
  });

  it('takes botName as one name or names by language, and names a blank name or a language the hub never picks', () => {
    const site = 'sites: [{ key: shop, origins: [https://shop.example] }]\n';
    const yaml = { source: 'kefu.config.yaml' };
    expect(parseConfig(`${site}botName: 小客 Kefu\n`, yaml).botName).toBe('小客 Kefu');
    expect(
      parseConfig(`${site}botName: { zh: 小客, zh-Hant: 小客, en: "\${BOT_EN:-Kefu assistant}" }\n`, yaml)
        .botName,
    ).toEqual({ zh: '小客', 'zh-Hant': '小客', en: 'Kefu assistant' });
    const issues = issuesOf(() => parseConfig(`${site}botName: { zh: "  ", zh-TW: 小客, fr: Kefu }\n`, yaml));
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['botName.zh', 'must be a name of 1-100 characters, not blank, without U+0000'],
      ['botName.zh-TW', 'is not a language the hub tells apart: zh, zh-Hant or en (did you mean zh-Hant?)'],
      ['botName.fr', 'is not a language the hub tells apart: zh, zh-Hant or en'],
    ]);
    expect(issuesOf(() => parseConfig(`${site}botName: {}\n`, yaml)).map((i) => [i.path, i.message])).toEqual(
      [['botName', 'must name the bot in at least one of zh, zh-Hant or en']],
    );
    expect(issuesOf(() => parseConfig(`${site}botName: [Kefu]\n`, yaml)).map((i) => i.path)).toEqual([
      'botName',
    ]);
  });

  it('takes convertScript as a boolean, also from an environment variable, and refuses anything else', () => {
    const site = 'sites: [{ key: shop, origins: [https://shop.example] }]\n';
    expect(parseConfig(`${site}convertScript: false\n`, { source: 'kefu.config.yaml' }).convertScript).toBe(
      false,
    );
    expect(
      parseConfig(`${site}convertScript: \${CONVERT:-true}\n`, {
        source: 'kefu.config.yaml',
        env: { CONVERT: 'false' },
      }).convertScript,
    ).toBe(false);
    const issues = issuesOf(() =>
      parseConfig(`${site}convertScript: maybe\n`, { source: 'kefu.config.yaml' }),
    );
    expect(issues.map((i) => i.path)).toEqual(['convertScript']);
  });

  it('names every bad key: unknown keys, wrong types, short secrets, missing sites', () => {
    const issues = issuesOf(() =>
      parseConfig(
        JSON.stringify({
          sites: [{ key: 'shop', origins: [] }],
          agents: [{ id: 'mei', name: 'Mei', token: 'short', groups: ['default'] }],
          limits: { frameBurst: 'lots' },
          colour: 'blue',
        }),
      ),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      '',
      'agents[0].token',
      'limits.frameBurst',
      'sites[0].origins',
    ]);
    expect(issues.find((i) => i.path === '')!.message).toBe('unknown key colour');
    expect(issues.find((i) => i.path === 'agents[0].token')!.message).toMatch(
      /^must be at least 20 characters of a random string, not a word or a pattern repeated/,
    );
    expect(issuesOf(() => parseConfig('{}')).map((i) => i.path)).toEqual(['sites']);
  });

  it('says how to read YAML when YAML text comes without a .yaml source (read as JSON)', () => {
    // docs/integrate.md named `parseConfig(text)`; with the text of kefu.config.yaml that said only
    // "not valid JSON: Unexpected token 's'".
    const [issue] = issuesOf(() => parseConfig('sites: [{ key: shop, origins: [https://shop.example] }]'));
    expect(issue!.message).toMatch(
      /^not valid JSON: .*; for YAML, pass its file name: parseConfig\(text, \{ source: 'kefu\.config\.yaml' \}\)$/,
    );
    // A file named JSON is JSON: no hint about YAML.
    const [json] = issuesOf(() => parseConfig('sites: []', { source: 'kefu.config.json' }));
    expect(json!.message).not.toContain('YAML');
  });

  it('says a key left out is required, and what it looks like, instead of zod\'s "received undefined"', () => {
    expect(issuesOf(() => parseConfig('listen: { port: 8080 }', { source: 'kefu.config.yaml' }))).toEqual([
      {
        path: 'sites',
        message: 'required: a list, e.g. sites: [{ key: my-shop, origins: [https://my-shop.example] }]',
      },
    ]);
    expect(issuesOf(() => parseConfig('sites: [{ key: my-shop }]', { source: 'kefu.config.yaml' }))).toEqual([
      {
        path: 'sites[0].origins',
        message: "required: a list, e.g. origins: [https://my-shop.example] (your pages' origins)",
      },
    ]);
    expect(
      issuesOf(() => parseConfig('sites: [{ origins: ["*"] }]', { source: 'kefu.config.yaml' })),
    ).toEqual([{ path: 'sites[0].key', message: 'required: a string' }]);
  });

  it("says what a value of the wrong type or kind should be and what it is, instead of zod's words alone", () => {
    // zod said "Invalid input: expected number, received string": which value, the merchant had to guess.
    const yaml = [
      'listen: { port: eighty }',
      'path: "chat://kefu:hunter2@shop.example/"',
      'secret: hunter2',
      'sites: [{ key: tea, origins: [https://tea.example], name: 42 }]',
      `routing: { assignment: "${'长'.repeat(100)}", strategy: fastest }`,
      'webhooks: [{ url: https://hooks.example }]',
    ].join('\n');
    expect(issuesOf(() => parseConfig(yaml, { source: 'kefu.config.yaml' }))).toEqual([
      { path: 'listen.port', message: 'expected a number, got "eighty"' },
      // A URL's password hidden.
      { path: 'path', message: 'must start with "/", got "chat://kefu:***@shop.example/"' },
      // A secret's length only: a config error is printed and logged.
      { path: 'secret', message: 'at least 16 characters, got a string of 7 characters' },
      { path: 'sites[0].name', message: 'expected a string, got 42' },
      // A long value cut (an error line, not the file).
      {
        path: 'routing.assignment',
        message: `expected one of "auto"|"manual", got "${'长'.repeat(60)}…" (100 characters)`,
      },
      {
        path: 'routing.strategy',
        message: 'expected one of "least-busy"|"round-robin"|"longest-idle", got "fastest"',
      },
      {
        path: 'webhooks',
        message:
          'expected a mapping, got a list of 1 (e.g. webhooks: { subscriptions: [{ url: https://crm.example/hooks/kefu, events: [conversation.closed] }] })',
      },
    ]);
  });

  it('names the problem inside a value of one of several shapes, or the shapes it may take, instead of "Invalid input"', () => {
    const site = 'sites: [{ key: tea, origins: [https://tea.example] }]';
    const issues = (line: string) => issuesOf(() => parseConfig(`${site}\n${line}`, { source: 'k.yaml' }));
    expect(issues('bus: { url: 42 }')).toEqual([{ path: 'bus.url', message: 'expected a string, got 42' }]);
    expect(issues('store: [pglite]')).toEqual([
      { path: 'store', message: 'expected a string or a mapping, got a list of 1' },
    ]);
    // A mapping with a key the mapping shape does not take read "expected a string, got a mapping
    // of kind": the shape that fits its type is the one whose problems to name.
    expect(issues('store: { kind: postgres }')).toEqual([
      { path: 'store.url', message: 'required: a string' },
      { path: 'store', message: 'unknown key kind' },
    ]);
    expect(issues('bus: { urll: "redis://r:6379" }')).toEqual([
      { path: 'bus.url', message: 'required: a string' },
      { path: 'bus', message: 'unknown key urll (did you mean url?)' },
    ]);
  });

  it('takes the waits between the tries of a failed bot turn, and refuses a negative one', () => {
    expect(parseConfig(JSON.stringify({ sites: [SITE], botRetryMs: [500, 1000] })).botRetryMs).toEqual([
      500, 1000,
    ]);
    expect(
      issuesOf(() => parseConfig(JSON.stringify({ sites: [SITE], botRetryMs: [-1] }))).map((i) => i.path),
    ).toEqual(['botRetryMs[0]']);
  });

  // Finding (2026-12-07): `kefu config check` called a config with timeZone: Asia/Shangai valid,
  // and `kefu hub` then stopped with "Invalid time zone specified: Asia/Shangai", naming no key.
  it('refuses a time zone Intl does not know, naming the key', () => {
    const hours = { timeZone: 'Asia/Shangai', weekly: { mon: [{ from: '09:00', to: '18:00' }] } };
    const config = {
      sites: [SITE],
      routing: { router: { officeHours: { '*': hours } } },
      metrics: { timeZone: 'UTC+8' },
    };
    expect(issuesOf(() => parseConfig(JSON.stringify(config)))).toEqual([
      {
        path: 'routing.router.officeHours.*.timeZone',
        message: 'must be an IANA time zone such as "Asia/Shanghai", got "Asia/Shangai"',
      },
      { path: 'metrics.timeZone', message: 'must be an IANA time zone such as "Asia/Shanghai", got "UTC+8"' },
    ]);
  });

  // Finding (2026-12-07): hours kefu hub refuses at start (09:00–09:00, from 24:00) and a holiday
  // that is no date (2026-13-45, which never matched a day) passed kefu config check.
  it('refuses office hours the router would refuse, and a holiday that is no date, naming the schedule', () => {
    const at = (hours: object) =>
      issuesOf(() =>
        parseConfig(JSON.stringify({ sites: [SITE], routing: { router: { officeHours: { '*': hours } } } })),
      );
    const base = { timeZone: 'Asia/Shanghai', weekly: {} };
    expect(at({ ...base, weekly: { mon: [{ from: '09:00', to: '09:00' }] } })).toEqual([
      { path: 'routing.router.officeHours.*', message: 'office hours mon[0] is empty (09:00–09:00)' },
    ]);
    expect(at({ ...base, holidays: ['2026-13-45'] })).toEqual([
      {
        path: 'routing.router.officeHours.*',
        message: 'office hours holiday "2026-13-45" is not a date (YYYY-MM-DD)',
      },
    ]);
  });

  it('refuses a listen port out of range (0 picks a free one)', () => {
    expect(issuesOf(() => parseConfig(JSON.stringify({ sites: [SITE], listen: { port: 99999 } })))).toEqual([
      { path: 'listen.port', message: 'a port is 0-65535, got 99999' },
    ]);
    expect(parseConfig(JSON.stringify({ sites: [SITE], listen: { port: 0 } })).listen?.port).toBe(0);
  });

  it('names the key whose environment variable is missing, and never reads variables in keys', () => {
    const issues = issuesOf(() =>
      parseConfig(JSON.stringify({ sites: [SITE], secret: '${KEFU_SECRET}', '${X}': 1 }), { env: {} }),
    );
    expect(issues).toEqual([
      {
        path: 'secret',
        message: 'environment variable KEFU_SECRET is not set (write ${KEFU_SECRET:-default} for a default)',
      },
      // The key is read as written, so it is an unknown key (and reported with the variable).
      { path: '', message: 'unknown key ${X}' },
    ]);
  });

  it('names the variable a bad value came from, since the file shows only ${VAR}', () => {
    const issues = issuesOf(() =>
      parseConfig('listen: { port: "${PORT}" }\nsites: [{ key: shop, origins: [https://shop.example] }]\n', {
        source: 'kefu.config.yaml',
        env: { PORT: '99999' },
      }),
    );
    expect(issues).toEqual([
      { path: 'listen.port', message: 'a port is 0-65535, got "99999" (listen.port is read from ${PORT})' },
    ]);
  });

  it('reports an unset variable together with every other bad key, in the order the file writes them', () => {
    const issues = issuesOf(() =>
      parseConfig(
        [
          'listen: { port: 99999 }',
          'sites: [{ key: shop, origins: [https://shop.example], identitySecret: short }]',
          'agents:',
          '  - { id: mei, name: Mei, token: "${MEI_TOKEN}", groups: [default], capcity: 3 }',
          'routing: { assignment: automatic }',
          'colour: red',
          'log: { level: verbose }',
        ].join('\n'),
        { source: 'kefu.config.yaml', env: {} },
      ),
    );
    expect(issues.map((i) => i.path)).toEqual([
      'listen.port',
      'sites[0].identitySecret',
      'agents[0].token',
      'agents[0]',
      'routing.assignment',
      '',
      'log.level',
    ]);
    expect(issues[2]!.message).toMatch(/MEI_TOKEN is not set/);
    expect(issues[3]!.message).toBe('unknown key capcity (did you mean capacity?)');
    expect(issues[5]!.message).toBe('unknown key colour');
  });

  it('names a repeated site key or agent id beside the other problems, not only once they are fixed', () => {
    const agent = { name: 'Mei', groups: ['default'] };
    const issues = issuesOf(() =>
      parseConfig(
        JSON.stringify({
          listen: { port: 'abc' },
          sites: [SITE, SITE],
          agents: [
            { ...agent, id: 'mei', token: '0123456789abcdef0123' },
            { ...agent, id: 'mei', token: '0123456789abcdef0124' },
          ],
        }),
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: 'listen.port' }),
      { path: 'sites[1].key', message: '"shop" is listed twice (first as sites[0].key)' },
      { path: 'agents[1].id', message: '"mei" is listed twice (first as agents[0].id)' },
    ]);
  });

  it('says when the text is not JSON or YAML', () => {
    expect(issuesOf(() => parseConfig('{ sites: ', { source: 'kefu.config.json' }))[0]!.message).toMatch(
      /^not valid JSON/,
    );
    expect(issuesOf(() => parseConfig('sites: [', { source: 'kefu.config.yml' }))[0]!.message).toMatch(
      /^not valid YAML/,
    );
    // One line each, with where: YAML's own message added a four-line excerpt with a caret, and
    // Node 20's JSON.parse gives a character offset ("at position 26"), not a line.
    const yaml = issuesOf(() => parseConfig('listen: { port: 8080\nsites: [\n', { source: 'k.yaml' }));
    expect(yaml[0]!.message).toMatch(/^not valid YAML: .* at line 2, column 1$/);
    const json = issuesOf(() => parseConfig('{\n  "listen": { "port": 8080 },\n}', { source: 'k.json' }));
    expect(json[0]!.message).toMatch(/^not valid JSON: [^\n]* \(line 3,? column 1\)$/);
    // A trailing comma in a list: Node 20 names neither an offset nor a line, only the characters
    // around it ("Unexpected token ']', ...\"b.example\"],\n  ]\n}\" is not valid JSON").
    const list = '{\n  "sites": [\n    { "key": "s", "origins": ["https://b.example"] },\n  ]\n}';
    expect(issuesOf(() => parseConfig(list, { source: 'k.json' }))[0]!.message).toMatch(
      /^not valid JSON: [^\n]* \(line 4,? column 3\)$/,
    );
    // What the docs warn of, said where it happens, and an empty file said as such.
    const flow = 'listen: { port: ${PORT:-8080} }\nsites: [{ key: s, origins: [https://a.example] }]\n';
    expect(issuesOf(() => parseConfig(flow, { source: 'kefu.config.yaml' }))[0]!.message).toMatch(
      /flow-map-start[\s\S]*\(a \$\{VAR\} inside \{ \} or \[ \] must be quoted: port: "\$\{PORT:-8080\}"\)$/,
    );
    for (const empty of ['', '# nothing yet\n'])
      expect(issuesOf(() => parseConfig(empty, { source: 'kefu.config.yaml' }))).toEqual([
        { path: '', message: 'the file is empty: a config needs at least sites: [{ key, origins }]' },
      ]);
  });
});

describe('loadConfig', () => {
  it('loads a file and gives the folder relative paths start from; a missing file is a config error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kefu-config-'));
    await writeFile(join(dir, 'kefu.config.yaml'), 'sites: [{ key: shop, origins: ["*"] }]\n');
    const loaded = await loadConfig(join(dir, 'kefu.config.yaml'));
    expect(loaded.baseDir).toBe(dir);
    expect(loaded.config.sites[0]!.origins).toEqual(['*']);
    await expect(loadConfig(join(dir, 'nope.yaml'))).rejects.toThrow(/cannot read the file/);
  });
});
