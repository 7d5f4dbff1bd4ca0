import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHubFromConfig } from '../config/hub-from-config.ts';
import { parseConfig } from '../config/load-config.ts';
import { parseKnowledgeBaseCsv } from '../faq/knowledge-base-csv.ts';
import { readKnowledgeBaseFile } from '../faq/knowledge-base-file.ts';
import { readIdentityToken } from '../hub/identity.ts';
import { silentLogger } from '../logger.ts';
import { SDK_VERSION } from '../sdk-version.ts';
import type { CliIo } from './cli-io.ts';
import { runCli } from './run-cli.ts';

async function cli(argv: string[], files: Record<string, string> = {}, env: NodeJS.ProcessEnv = {}) {
  const cwd = await mkdtemp(join(tmpdir(), 'kefu-cli-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(cwd, name), text);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env, cwd };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n'), cwd };
}

const CONFIG = `
sites:
  - key: shop
    origins: [https://shop.example]
    identitySecret: \${SHOP_IDENTITY_SECRET}
agents:
  - { id: mei, name: Mei, token: mei-token-0123456789, groups: [default] }
`;
const CSV =
  'id,question,alternatives,answer,tags\nship,When do you ship?,How soon do you ship?|Shipping time,Within 48 hours.,shipping\n';

describe('kefu', () => {
  it('prints usage for help and nothing, and exits 2 with a hint on an unknown command or option', async () => {
    expect((await cli(['help'])).out).toMatch(/^Usage: kefu <command>/);
    expect((await cli([])).code).toBe(0);
    const unknown = await cli(['serve']);
    expect(unknown).toMatchObject({
      code: 2,
      err: 'kefu: unknown command "serve"\nRun "kefu help" for usage.',
    });
    // A mistyped subcommand printed the whole usage line and left the typo to be found.
    expect(await cli(['kb', 'chek', 'faq.csv'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /^kefu: unknown subcommand "chek" of kefu kb \(did you mean check\?\); usage: kefu kb check/,
      ),
    });
    expect(await cli(['config', 'chek'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /^kefu: unknown subcommand "chek" of kefu config \(did you mean check\?\); usage: kefu config check/,
      ),
    });
    expect(await cli(['api-key', 'craete', '--name', 'x', '--scopes', 'read'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /^kefu: unknown subcommand "craete" of kefu api-key \(did you mean create\?\); usage: /,
      ),
    });
    expect(await cli(['api-key', 'craete', '--seed', '--name', 'x', '--scopes', 'read'])).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /^kefu: unknown subcommand "craete" of kefu api-key \(did you mean create\?\)/,
      ),
    });
    const stray = await cli(['kb', 'check', 'kb.json', '--colour', 'blue']);
    expect(stray.code).toBe(2);
    expect(stray.err).toMatch(/^kefu: unknown option --colour: "kefu kb" takes --config, --out, --format$/m);
  });

  it('prints the SDK version for version, --version and -v, from the code rather than a file beside it', async () => {
    // Read from ../../package.json at run time, a bundled kefu (one file in the merchant's image)
    // printed the merchant's own package version, or failed with ENOENT.
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(SDK_VERSION).toBe(version);
    for (const argv of [['version'], ['--version'], ['-v']])
      expect(await cli(argv), argv[0]).toMatchObject({ code: 0, out: SDK_VERSION, err: '' });
  });

  it("prints a command's own usage for --help or -h after it, exit 0, and runs nothing", async () => {
    for (const command of ['hub', 'migrate', 'config', 'kb', 'token', 'api-key']) {
      const run = await cli([command, '--help']);
      expect(run, command).toMatchObject({ code: 0, err: '' });
      expect(run.out, command).toMatch(new RegExp(`^Usage: kefu ${command} …\n\n {2}${command} `));
      expect(run.out, command).not.toMatch(new RegExp(`^ {2}(?!${command} )\\S`, 'm'));
    }
    expect((await cli(['kb', 'check', '-h'])).out).toMatch(/kb import <file> \[--out <file>\]/);
    expect((await cli(['token', '-h'])).out).toMatch(/sign a test shopper identity token/);
    // It accepts tsv, which neither the usage nor the docs listed.
    expect((await cli(['kb', '-h'])).out).toMatch(/kb export \[<file>\] \[--format csv\|tsv\|json\|yaml\]/);
  });

  it('refuses an argument a command does not take, instead of running on kefu.config.yaml', async () => {
    const files = { 'kefu.config.yaml': 'sites: [{ key: shop, origins: [https://shop.example] }]\n' };
    const check = await cli(['config', 'check', 'prod.yaml'], files);
    expect(check).toMatchObject({ code: 2, out: '' });
    expect(check.err).toMatch(
      /^kefu: unexpected argument "prod\.yaml": name the config file with --config \(kefu config check --config prod\.yaml\)$/m,
    );
    const hub = await cli(['hub', 'prod.yaml'], files);
    expect(hub.code).toBe(2);
    expect(hub.err).toMatch(/--config \(kefu hub --config prod\.yaml\)/);
    expect((await cli(['migrate', 'now'], files)).err).toMatch(
      /^kefu: unexpected argument "now": "kefu migrate" takes no further argument$/m,
    );
    expect((await cli(['kb', 'check', 'a.csv', 'b.csv'])).err).toMatch(
      /^kefu: unexpected argument "b\.csv": "kefu kb check a\.csv" takes no further argument$/m,
    );
  });

  // What a merchant types wrong most: each message names the mistake and what was meant, never
  // parseArgs's advice to put "--confg" after "--" (it said so before).
  it('says what a mistyped command, option or scope was meant to be', async () => {
    expect((await cli(['cofig', 'check'])).err).toMatch(
      /^kefu: unknown command "cofig" \(did you mean config\?\)$/m,
    );
    const option = await cli(['config', 'check', '--confg', 'x.yaml']);
    expect(option.code).toBe(2);
    expect(option.err).toMatch(
      /^kefu: unknown option --confg \(did you mean --config\?\): "kefu config" takes --config$/m,
    );
    expect(option.err).not.toMatch(/positional/);
    const missing = await cli(['hub', '--config']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toMatch(/^kefu: --config needs a value: --config <file>$/m);
    const scopes = await cli(['api-key', 'create', '--seed', '--name', 'bi', '--scopes', 'read,raed']);
    expect(scopes.code).toBe(2);
    expect(scopes.err).toMatch(
      /^kefu: --scopes: unknown scope "raed" \(did you mean read\?\); give one or more of read, write, admin, comma-separated$/m,
    );
  });

  it('config check: finds kefu.config.yaml in the working directory, and names every bad key', async () => {
    const ok = await cli(
      ['config', 'check'],
      { 'kefu.config.yaml': CONFIG },
      { SHOP_IDENTITY_SECRET: 'x'.repeat(32) },
    );
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/kefu\.config\.yaml: valid \(1 site, 1 agent\)$/);
    const bad = await cli(['config', 'check', '--config', 'c.json'], {
      'c.json': JSON.stringify({ sites: [{ key: 'shop', origins: ['*'] }], store: 42, agent: [] }),
    });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Invalid Kefu config');
    expect(bad.err).toContain('  - store: ');
    expect(bad.err).toContain('  - (root): unknown key agent');
    const missing = await cli(['config', 'check']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toMatch(/no config file: pass --config <file>, or create kefu\.config\.yaml/);
  });

  it('config check says that a CSV knowledge base keeps no edits made through the API or the console', async () => {
    const csv = await cli(['config', 'check'], {
      'kefu.config.yaml': 'sites: [{ key: shop, origins: ["*"] }]\nknowledgeBase: faq.csv\n',
      'faq.csv': CSV,
    });
    expect(csv).toMatchObject({
      code: 0,
      err: "note: knowledgeBase faq.csv is a CSV: edits through the HTTP API and the console's knowledge page are not written back to it and are lost when the hub stops; to keep them, use JSON or YAML (kefu kb import faq.csv --out faq.json, then knowledgeBase: faq.json)",
    });
    const json = await cli(['config', 'check'], {
      'kefu.config.yaml': 'sites: [{ key: shop, origins: ["*"] }]\nknowledgeBase: faq.json\n',
      'faq.json': JSON.stringify({ version: 1, entries: [{ id: 'a', question: 'q', answer: 'a' }] }),
    });
    expect(json).toMatchObject({ code: 0, err: '' });
    const tsv = await cli(['config', 'check'], {
      'kefu.config.yaml': 'sites: [{ key: shop, origins: ["*"] }]\nknowledgeBase: faq.tsv\n',
      'faq.tsv': CSV.replaceAll(',', '\t'),
    });
    expect(tsv.err).toMatch(/^note: knowledgeBase faq\.tsv is a TSV: edits .* are not written back to it/);
  });

  it('config check says that a node on PostgreSQL without a bus works alone, and not with one', async () => {
    const alone = await cli(['config', 'check'], {
      'kefu.config.yaml': 'sites: [{ key: shop, origins: ["*"] }]\nstore: postgres://kefu@db/kefu\n',
    });
    expect(alone.code).toBe(0);
    expect(alone.err).toMatch(
      /^note: the store is PostgreSQL and the bus is in memory: this node works alone\./,
    );
    const shared = await cli(['config', 'check'], {
      'kefu.config.yaml':
        'sites: [{ key: shop, origins: ["*"] }]\nstore: postgres://kefu@db/kefu\nbus: redis://cache:6379\n',
    });
    expect(shared).toMatchObject({ code: 0, err: '' });
  });

  it('kb check counts a valid knowledge base and names the entry and field of a broken one', async () => {
    const ok = await cli(['kb', 'check', 'faq.csv'], { 'faq.csv': CSV });
    expect(ok).toMatchObject({ code: 0, out: 'faq.csv: 1 entry, 3 questions; 0 findings' });
    const twins = await cli(['kb', 'check', 'faq.csv'], {
      'faq.csv': `${CSV}ship2,When do you ship?,,Same day.,shipping\n`,
    });
    expect(twins.out).toMatch(
      /^faq\.csv: 2 entries, 4 questions; [1-9]\d* findings?\n {2}(warning|error) \w+ \[ship2?\]: /,
    );
    const bad = await cli(['kb', 'check', 'faq.yaml'], {
      'faq.yaml':
        'version: 1\nentries:\n  - { id: ship, question: "", alternatives: [], answer: Soon, tags: [] }\n',
    });
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^faq\.yaml:\n[\s\S]*entry "ship" entries\[0\]\.question: /);
    expect(
      await cli(['kb', 'check', 'faq.csv'], { 'faq.csv': 'id,question,answer\r\n,,\r\n' }),
    ).toMatchObject({
      code: 0,
      out: 'faq.csv: 0 entries, 0 questions; 0 findings\n  warning: no entries, so the bot would decline every question',
    });
    expect((await cli(['kb', 'check', 'faq.txt'], { 'faq.txt': 'hi' })).err).toMatch(
      /unknown format "\.txt"/,
    );
  });

  it('kb check --config (or alone, beside a config) checks the knowledge bases the config names, and refuses --config beside a file', async () => {
    const env = { SHOP_IDENTITY_SECRET: 'x'.repeat(32) };
    const files = {
      'kefu.config.yaml': `${CONFIG}knowledgeBase: { zh: faq.csv, en: faq.en.yaml }\n`,
      'faq.csv': CSV,
      'faq.en.yaml':
        'version: 1\nentries:\n  - { id: ship, question: "", alternatives: [], answer: Soon, tags: [] }\n',
    };
    const both = await cli(['kb', 'check', '--config', 'kefu.config.yaml'], files, env);
    expect(both.code).toBe(1);
    expect(both.out).toBe('faq.csv: 1 entry, 3 questions; 0 findings');
    expect(both.err).toMatch(/^faq\.en\.yaml:\n[\s\S]*entry "ship" entries\[0\]\.question: /);

    const one = await cli(
      ['kb', 'check', '--config', 'kefu.config.yaml'],
      { 'kefu.config.yaml': `${CONFIG}knowledgeBase: faq.csv\n`, 'faq.csv': CSV },
      env,
    );
    expect(one).toMatchObject({ code: 0, out: 'faq.csv: 1 entry, 3 questions; 0 findings' });
    // Alone, as `kefu hub` and `kb export` do: the kefu.config.yaml here (it was a usage error).
    const alone = await cli(
      ['kb', 'check'],
      { 'kefu.config.yaml': `${CONFIG}knowledgeBase: faq.csv\n`, 'faq.csv': CSV },
      env,
    );
    expect(alone).toMatchObject({ code: 0, out: 'faq.csv: 1 entry, 3 questions; 0 findings' });
    const noConfig = await cli(['kb', 'check'], {}, env);
    expect(noConfig.code).toBe(2);
    expect(noConfig.err).toMatch(
      /^kefu: no config file: pass --config <file>, or create .*; or name the knowledge base: kefu kb check faq\.csv$/m,
    );

    // It checked faq.csv and said nothing of the --config it was given.
    const beside = await cli(['kb', 'check', 'faq.csv', '--config', 'kefu.config.yaml'], files, env);
    expect(beside.code).toBe(2);
    expect(beside.err).toMatch(/^kefu: kefu kb check faq\.csv reads that file, not a config: drop --config/);

    const none = await cli(
      ['kb', 'check', '--config', 'kefu.config.yaml'],
      { 'kefu.config.yaml': CONFIG },
      env,
    );
    expect(none).toMatchObject({ code: 1 });
    expect(none.err).toMatch(/kefu\.config\.yaml: sets no knowledgeBase to check$/m);
  });

  it('kb check says how far it is on a big knowledge base (on standard error, apart from the report)', async () => {
    const rows = Array.from(
      { length: 2_100 },
      (_, i) => `e${i},How do I use coupon ${i} on order ${i * 7}?,,Coupon ${i} works at checkout.,`,
    );
    const run = await cli(['kb', 'check', 'faq.csv'], {
      'faq.csv': `id,question,alternatives,answer,tags\n${rows.join('\n')}\n`,
    });
    expect(run.err.split('\n')).toEqual([
      'checked 1,000 of 2,100 entries…',
      'checked 2,000 of 2,100 entries…',
    ]);
    expect(run.out).toMatch(/^faq\.csv: 2,100 entries, 2,100 questions; /);
  }, 120_000);

  it('kb import turns a CSV into Kefu JSON that kb check accepts', async () => {
    const run = await cli(['kb', 'import', 'faq.csv', '--out', 'faq.json'], { 'faq.csv': CSV });
    expect(run).toMatchObject({ code: 0, err: 'faq.csv → faq.json: 1 entry' });
    const kb = JSON.parse(await readFile(join(run.cwd, 'faq.json'), 'utf8'));
    expect(kb.entries[0]).toMatchObject({
      id: 'ship',
      alternatives: ['How soon do you ship?', 'Shipping time'],
      answer: 'Within 48 hours.',
    });
    // The hub reads a knowledge base's format from its name: an --out it could not load is refused.
    for (const [out, said] of [
      [
        'faq',
        /^kefu: --out faq: kb import writes Kefu JSON, which the hub reads from a \.json file: --out faq\.json$/m,
      ],
      ['faq.csv', /--out faq\.json$/m],
      ['.', /^kefu: --out \. is a folder: name the file, e.g\. --out faq\.json$/m],
    ] as const) {
      const refused = await cli(['kb', 'import', 'faq.csv', '--out', out], { 'faq.csv': CSV });
      expect(refused).toMatchObject({ code: 2 });
      expect(refused.err).toMatch(said);
    }
  });

  it("kb export writes the config's knowledge base as CSV, YAML or JSON that kb import reads back the same", async () => {
    const env = { SHOP_IDENTITY_SECRET: 'x'.repeat(32) };
    const csv = `${CSV}tea,"满 99 包邮, ""顺丰""?","运费多少\n包邮吗","满 99 元包邮。\n偏远地区除外。",运费\n`;
    const files = { 'kefu.config.yaml': `${CONFIG}knowledgeBase: faq.csv\n`, 'faq.csv': csv };
    const run = await cli(['kb', 'export', '--format', 'yaml', '--out', 'back.yaml'], files, env);
    expect(run).toMatchObject({ code: 0, err: 'faq.csv → back.yaml: 2 entries' });
    expect(await readKnowledgeBaseFile(join(run.cwd, 'back.yaml'))).toEqual(parseKnowledgeBaseCsv(csv));
    const toCsv = await cli(['kb', 'export', 'faq.json', '--format', 'csv'], {
      'faq.json': JSON.stringify(parseKnowledgeBaseCsv(csv)),
    });
    expect(parseKnowledgeBaseCsv(toCsv.out)).toEqual(parseKnowledgeBaseCsv(csv));
    // kb import goes by the file's name, so a name that says another format would not read back.
    const clash = await cli(['kb', 'export', '--format', 'csv', '--out', 'faq.json'], files, env);
    expect(clash).toMatchObject({ code: 2 });
    expect(clash.err).toMatch(
      /^kefu: --out faq\.json is read as JSON by kefu kb import: name it \.csv, or drop --format$/m,
    );
    // A folder or a name without an extension was 'unknown format "exports"', of a format nobody named.
    const faqJson = { 'faq.json': JSON.stringify(parseKnowledgeBaseCsv(csv)) };
    const intoFolder = await cli(['kb', 'export', 'faq.json', '--format', 'csv', '--out', '.'], faqJson);
    expect(intoFolder).toMatchObject({ code: 2 });
    expect(intoFolder.err).toMatch(/^kefu: --out \. is a folder: name the file, e.g\. --out faq\.csv$/m);
    expect((await cli(['kb', 'export', 'faq.json', '--out', 'exports/'], faqJson)).err).toMatch(
      /^kefu: --out exports\/ is a folder: name the file, e.g\. --out exports\/faq\.json$/m,
    );
    expect((await cli(['kb', 'export', 'faq.json', '--format', 'yml', '--out', 'faq'], faqJson)).err).toMatch(
      /^kefu: --out faq has no extension, which kefu kb import reads the format from: --out faq\.yaml$/m,
    );
    expect((await cli(['kb', 'export'])).err).toMatch(
      /^kefu: no config file: pass --config <file>, or create .*; or name the knowledge base: kefu kb export faq\.json$/m,
    );
    expect((await cli(['kb', 'export', 'faq.csv', '--format', 'xml'])).err).toMatch(
      /^kefu: --format xml: use csv, tsv, json, yaml$/m,
    );
    const perLanguage = await cli(
      ['kb', 'export'],
      { ...files, 'kefu.config.yaml': `${CONFIG}knowledgeBase: { zh: zh.json, en: en.json }\n` },
      env,
    );
    expect(perLanguage.err).toMatch(
      /one knowledge base per language \(zh\.json, en\.json\): export one at a time, kefu kb export zh\.json$/m,
    );
    const lost = await cli(['kb', 'export', 'faq.yaml', '--format', 'csv'], {
      'faq.yaml': 'entries:\n  - { id: a, question: q, answer: a, tags: ["x,y"] }\n',
    });
    expect(lost).toMatchObject({ code: 1 });
    expect(lost.err).toMatch(
      /^kefu: faq\.yaml cannot be exported as CSV as it is written \(1 problem\):\n {2}- entry "a" entries\[0\]\.tags: a CSV cannot hold it/,
    );
  });

  it('kb import into a folder that does not exist names the folder, not "no such file" of the output', async () => {
    // It said "…/out/faq.json: no such file; check the path" of the file it was asked to write.
    const run = await cli(['kb', 'import', 'faq.csv', '--out', 'out/faq.json'], { 'faq.csv': CSV });
    expect(run.code).toBe(1);
    expect(run.err).toBe(`kefu: --out ${join(run.cwd, 'out')}: no such folder; create it first`);
  });

  // Finding (2026-12-07, outside QA): `kefu token --site nope` exited 2 with "Run kefu help for
  // usage", whose text lists no sites, while a key or file that is not there (`api-key revoke zzz`,
  // `--config nope.yaml`) is 1; and a missing --user was reported only when the site had a secret.
  it('token names the sites there are for an unknown --site (exit 1), and asks for --user first', async () => {
    const env = { SHOP_IDENTITY_SECRET: 'y'.repeat(32) };
    const noSite = await cli(
      ['token', '--user', '42', '--site', 'nope'],
      { 'kefu.config.yaml': CONFIG },
      env,
    );
    expect(noSite).toMatchObject({
      code: 1,
      err: `kefu: no site "nope" in ${join(noSite.cwd, 'kefu.config.yaml')}: --site takes one of its sites (shop)`,
    });
    const noUser = await cli(['token', '--site', 'nope'], { 'kefu.config.yaml': CONFIG }, env);
    expect(noUser).toMatchObject({ code: 2, err: expect.stringMatching(/^kefu: --user <id> is required/) });
    const noUserNoSecret = await cli(['token'], {
      'kefu.config.yaml': 'sites: [{ key: shop, origins: ["*"] }]',
    });
    expect(noUserNoSecret).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^kefu: --user <id> is required/),
    });
  });

  it('token signs an identity the hub accepts for that site, and refuses without a user or secret', async () => {
    const secret = 'y'.repeat(32);
    const run = await cli(
      ['token', '--user', '42', '--name', 'Li Lei', '--ttl', '60'],
      { 'kefu.config.yaml': CONFIG },
      {
        SHOP_IDENTITY_SECRET: secret,
      },
    );
    expect(run.code).toBe(0);
    expect(readIdentityToken(run.out, secret, 'shop', Date.now())).toMatchObject({
      ok: true,
      claims: { id: '42', name: 'Li Lei' },
    });
    expect(readIdentityToken(run.out, secret, 'other-shop', Date.now()).ok).toBe(false);
    const noUser = await cli(['token'], { 'kefu.config.yaml': CONFIG }, { SHOP_IDENTITY_SECRET: secret });
    expect(noUser).toMatchObject({ code: 2, err: expect.stringMatching(/--user <id> is required/) });
    const noSecret = await cli(['token', '--user', '1'], {
      'kefu.config.yaml': 'sites: [{ key: shop, origins: ["*"] }]',
    });
    expect(noSecret).toMatchObject({
      code: 1,
      err: expect.stringMatching(
        /^kefu: site "shop" has no identitySecret to sign with: add identitySecret: \$\{KEFU_IDENTITY_SECRET\} to it in the config/,
      ),
    });
  });

  it('hub stops with the message createHub gives for what the config schema cannot check', async () => {
    const token = 'same-token-0123456789';
    const run = await cli(['hub'], {
      'kefu.config.json': JSON.stringify({
        sites: [{ key: 's', origins: ['*'] }],
        agents: [
          { id: 'a', name: 'A', token, groups: ['default'] },
          { id: 'b', name: 'B', token, groups: ['default'] },
        ],
      }),
    });
    expect(run).toMatchObject({
      code: 1,
      err: "kefu: createHub: agents[1].token is the same as another agent's",
    });
  });

  it('api-key create on a memory store prints a key and the seed that makes a config-built hub accept it', async () => {
    const config = JSON.stringify({ sites: [{ key: 's', origins: ['*'] }] });
    const run = await cli(['api-key', 'create', '--name', 'crm', '--scopes', 'read,write'], {
      'kefu.config.json': config,
    });
    await expectSeedAccepted(run);
    expect(
      (await cli(['api-key', 'create', '--name', 'x', '--scopes', 'root'], { 'kefu.config.json': config }))
        .err,
    ).toMatch(/unknown scope "root"/);
    expect((await cli(['api-key', 'list'], { 'kefu.config.json': config })).code).toBe(1);
  });

  it('api-key create --seed makes a key and its config entry without a config or a store (a running PGlite hub holds its)', async () => {
    const run = await cli(['api-key', 'create', '--seed', '--name', 'ops', '--scopes', 'admin']);
    expect(run.err).toMatch(/^Add this seed under http\.apiKeys in the config file/);
    await expectSeedAccepted(run);
    expect(await cli(['api-key', 'list', '--seed'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('usage: kefu api-key create --seed'),
    });
    expect((await cli(['api-key', 'create', '--seed', '--name', 'ops'])).code).toBe(2);
  });

  /** The key `run` printed works against a hub whose config has the seed it printed. */
  async function expectSeedAccepted(run: Awaited<ReturnType<typeof cli>>) {
    expect(run.code).toBe(0);
    const seed = /^ {2}- (\{ id: .* \})$/m.exec(run.err)![1]!;
    const withSeed = parseConfig(`sites: [{ key: s, origins: ["*"] }]\nhttp: { apiKeys: [${seed}] }\n`, {
      source: 'c.yaml',
    });
    const kefu = await createHubFromConfig(
      { config: withSeed, baseDir: run.cwd, file: '' },
      { logger: silentLogger },
    );
    try {
      const { url } = await kefu.hub.listen({ port: 0 });
      const get = (key: string) =>
        fetch(`${url.replace('ws', 'http')}/api/v1/conversations`, {
          headers: { authorization: `Bearer ${key}` },
        });
      expect((await get(run.out)).status).toBe(200);
      expect((await get(`${run.out}x`)).status).toBe(401);
    } finally {
      await kefu.close();
    }
  }

  it('migrate says a memory store has nothing to migrate', async () => {
    const run = await cli(['migrate'], {
      'kefu.config.json': JSON.stringify({ sites: [{ key: 's', origins: ['*'] }] }),
    });
    expect(run).toMatchObject({ code: 0, out: 'store memory: nothing to migrate' });
  });

  it('names a --config file that is not there in one line, and where a script looked for it', async () => {
    // It was "Invalid Kefu config … (1 problem): (root): cannot read the file (ENOENT: …)".
    const missing = await cli(['config', 'check', '--config', 'prod.yaml']);
    expect(missing).toMatchObject({
      code: 1,
      err: `kefu: --config prod.yaml: no such file (looked for ${join(missing.cwd, 'prod.yaml')})`,
    });
    // `npx pnpm kefu` from a subfolder: pnpm runs the script in the repository's root, so a path
    // relative to where it was typed is looked for in the wrong place.
    const typedIn = await mkdtemp(join(tmpdir(), 'kefu-typed-'));
    const fromScript = await cli(['hub', '--config', 'prod.yaml'], {}, { INIT_CWD: typedIn });
    expect(fromScript).toMatchObject({
      code: 1,
      err:
        `kefu: --config prod.yaml: no such file (looked for ${join(fromScript.cwd, 'prod.yaml')}; ` +
        `npm and pnpm run a script in its package's folder, ${fromScript.cwd}, not in ${typedIn}` +
        ' where it was typed: give the path from there, or an absolute one)',
    });
  });

  it('hub names images.store.folder, in one line, when the photos folder cannot be made', async () => {
    // It was BlobStoreError's stack trace: the folder under a file (ENOTDIR), a read-only disk.
    const run = await cli(['hub'], {
      'kefu.config.yaml':
        'listen: { port: 0 }\nsites: [{ key: s, origins: [https://a.example] }]\nimages: { store: { folder: kefu.config.yaml/photos } }\n',
    });
    expect(run.code).toBe(1);
    expect(run.err.split('\n')).toEqual([
      expect.stringMatching(/^Invalid Kefu config .*kefu\.config\.yaml \(1 problem\):$/),
      `  - images.store.folder: cannot create ${join(run.cwd, 'kefu.config.yaml', 'photos')} (ENOTDIR: not a directory); name a folder the hub may write to (relative to the config file)`,
    ]);
  });

  it('prints one line naming the file or the port, exit 1, for a missing file or a busy port', async () => {
    const missing = await cli(['kb', 'check', 'nonexist.json']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^kefu: \/.*nonexist\.json: no such file; check the path$/);
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
    try {
      const { port } = busy.address() as { port: number };
      const run = await cli(['hub'], {
        'kefu.config.json': JSON.stringify({ listen: { port }, sites: [{ key: 's', origins: ['*'] }] }),
      });
      expect(run).toMatchObject({
        code: 1,
        err: `kefu: port ${port} on 127.0.0.1 is already in use: stop what listens there, or set listen.port in the config`,
      });
    } finally {
      busy.close();
    }
  });

  it('prints one line, exit 1, for a store URL whose port is not PostgreSQL (never answers, or hangs up)', async () => {
    // A typo'd port: Redis's, a firewall that takes the connection and drops it, a web server.
    const silent = createServer(() => {});
    const hangsUp = createServer((socket) => socket.destroy());
    const sockets: Array<import('node:net').Socket> = [];
    silent.on('connection', (socket) => sockets.push(socket));
    for (const server of [silent, hangsUp])
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      for (const [server, why] of [
        [silent, 'timed out'],
        [hangsUp, 'Connection terminated unexpectedly'],
      ] as const) {
        const url = `postgres://kefu:pw@127.0.0.1:${(server.address() as { port: number }).port}/kefu`;
        const run = await cli(['migrate'], {
          'kefu.config.json': JSON.stringify({
            store: { url, queryTimeoutMs: 300 },
            sites: [{ key: 's', origins: ['*'] }],
          }),
        });
        expect(run).toMatchObject({
          code: 1,
          err: `kefu: cannot connect to the store at ${url.replace(':pw@', '@')} (${why}): is the database running, and is store in the config right?`,
        });
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
      hangsUp.close();
    }
  });

  it('names the variable a wrong store URL came from (the file shows only ${DATABASE_URL})', async () => {
    const files = {
      'kefu.config.yaml': 'store: "${DATABASE_URL}"\nsites: [{ key: s, origins: ["*"] }]\n',
    };
    const typo = await cli(['config', 'check'], files, { DATABASE_URL: 'postgress://kefu:pw@db/kefu' });
    expect(typo.code).toBe(1);
    expect(typo.err).toContain(
      '  - store: unknown store "postgress://kefu@db/kefu": use memory, pglite:<folder>, postgres://… or postgresql://… (store is read from ${DATABASE_URL})',
    );
    expect((await cli(['hub'], files, { DATABASE_URL: 'mysql://db/kefu' })).err).toContain(
      '(store is read from ${DATABASE_URL})',
    );
    // Nothing listens on a port just closed: refused at once.
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const { port } = closed.address() as { port: number };
    await new Promise((done) => closed.close(done));
    const url = `postgres://kefu:pw@127.0.0.1:${port}/kefu`;
    expect(await cli(['migrate'], files, { DATABASE_URL: url })).toMatchObject({
      code: 1,
      err: `kefu: cannot connect to the store at postgres://kefu@127.0.0.1:${port}/kefu (connection refused): is the database running, and is DATABASE_URL (store in the config reads it) right?`,
    });
  });

  it('config check refuses a port out of range and a knowledge base that is not there, naming the file', async () => {
    const port = await cli(['config', 'check'], {
      'kefu.config.yaml': 'listen: { port: 99999 }\nsites: [{ key: s, origins: ["*"] }]\n',
    });
    expect(port.code).toBe(1);
    expect(port.err).toMatch(
      /^Invalid Kefu config \/.*kefu\.config\.yaml \(1 problem\):\n {2}- listen\.port: a port is 0-65535, got 99999$/,
    );
    const files = { 'kefu.config.yaml': 'knowledgeBase: faq.json\nsites: [{ key: s, origins: ["*"] }]\n' };
    const kb = await cli(['config', 'check'], files);
    expect(kb.code).toBe(1);
    expect(kb.err).toMatch(/^Invalid Kefu config \/.*kefu\.config\.yaml \(1 problem\):/);
    expect(kb.err).toContain('  - knowledgeBase: faq.json: no such file');
    // The hub says the same, naming the file too (not "Invalid Kefu config config").
    const hub = await cli(['hub'], files);
    expect(hub.code).toBe(1);
    expect(hub.err).toMatch(/^Invalid Kefu config \/.*kefu\.config\.yaml /);
  });

  it('config check names every problem in one run, top to bottom as the file writes them, one line each', async () => {
    const check = await cli(['config', 'check'], {
      'kefu.config.yaml': [
        'store: mysql://db/kefu',
        'sites: [{ key: s, origins: ["*"] }]',
        'agents: [{ id: mei, name: Mei, token: "${MEI_TOKEN}", groups: [default] }]',
        'knowledgeBase: { en: faq.csv, zh: faq.zh.yaml }',
        'log: { level: verbose }',
      ].join('\n'),
      'faq.csv': 'id,question,answer\nship,When do you ship?,\nreturns,Can I return it?,\n',
    });
    expect(check.code).toBe(1);
    // Before, a run stopped at the first kind of problem (the unset variable), and the knowledge
    // base's own report was nested as extra bullets under a miscounted header.
    expect(check.err.split('\n')).toEqual([
      expect.stringMatching(/^Invalid Kefu config \/.*kefu\.config\.yaml \(6 problems\):$/),
      expect.stringMatching(/^ {2}- store: unknown store "mysql:\/\/db\/kefu"/),
      expect.stringMatching(/^ {2}- agents\[0\]\.token: environment variable MEI_TOKEN is not set/),
      expect.stringMatching(
        /^ {2}- knowledgeBase\.en: faq\.csv: entry "ship" entries\[0\]\.answer: .*\(line 2\)$/,
      ),
      expect.stringMatching(
        /^ {2}- knowledgeBase\.en: faq\.csv: entry "returns" entries\[1\]\.answer: .*\(line 3\)$/,
      ),
      expect.stringMatching(/^ {2}- knowledgeBase\.zh: faq\.zh\.yaml: no such file/),
      expect.stringMatching(/^ {2}- log\.level: /),
    ]);
  });

  it('config check names what the hub would refuse beside a key the schema refuses, in one run', async () => {
    const check = await cli(['config', 'check'], {
      'kefu.config.yaml':
        'sites: [{ key: s, origins: ["*"] }]\nlimits: { framesPerSecond: -1 }\npolicy: { angerThreshold: 2 }\n',
    });
    expect(check.code).toBe(1);
    expect(check.err.split('\n')).toEqual([
      expect.stringMatching(/^Invalid Kefu config \/.*kefu\.config\.yaml \(2 problems\):$/),
      expect.stringMatching(/^ {2}- limits\.framesPerSecond: must be a positive number/),
      expect.stringMatching(/^ {2}- policy\.angerThreshold: /),
    ]);
  });

  it('config check refuses what the hub refuses at start, so a config it passes starts', async () => {
    const files = {
      'kefu.config.yaml': 'sites: [{ key: s, origins: ["*"] }]\nhttp: { corsOrigins: ["*"] }\n',
    };
    const check = await cli(['config', 'check'], files);
    expect(check.code).toBe(1);
    expect(check.err).toMatch(/^Invalid Kefu config \/.*kefu\.config\.yaml \(1 problem\):/);
    expect(check.err).toContain('  - http.corsOrigins: must list page origins');
    expect((await cli(['hub'], files)).code).toBe(1);
  });

  it('config check names every bad origin of every site, not only the first', async () => {
    const files = {
      'kefu.config.yaml':
        'sites:\n  - { key: s, origins: [shop.example, "https://ok.example", "https://shop.example/"] }\n  - { key: t, origins: ["https://*.t.example"] }\n',
    };
    const check = await cli(['config', 'check'], files);
    expect(check.code).toBe(1);
    expect(check.err.split('\n')).toEqual([
      expect.stringMatching(/^Invalid Kefu config \/.*kefu\.config\.yaml \(3 problems\):$/),
      expect.stringMatching(/^ {2}- sites\[0\]\.origins\[0\]: "shop\.example" has no scheme/),
      expect.stringMatching(/^ {2}- sites\[0\]\.origins\[2\]: "https:\/\/shop\.example\/" has a path/),
      expect.stringMatching(
        /^ {2}- sites\[1\]\.origins\[0\]: "https:\/\/\*\.t\.example" has a wildcard host/,
      ),
    ]);
  });

  it('config check names a misspelt metrics.timeZone, which failed every report once the hub ran', async () => {
    const files = {
      'kefu.config.yaml': 'sites: [{ key: s, origins: ["*"] }]\nmetrics: { timeZone: Asia/Shangai }\n',
    };
    const check = await cli(['config', 'check'], files);
    expect(check.code).toBe(1);
    expect(check.err).toContain('  - metrics.timeZone: must be an IANA time zone such as "Asia/Shanghai"');
  });

  it('config check names a webhook the hub would never deliver to (a private address, the hub itself)', async () => {
    const config = (url: string, allow: boolean) =>
      `listen: { port: 8080 }\nsites: [{ key: s, origins: ["*"] }]\nwebhooks:\n  allowPrivateNetworks: ${allow}\n` +
      `  subscriptions: [{ url: "${url}", events: [conversation.closed], secret: 0123456789abcdef0 }]\n`;
    const metadata = await cli(['config', 'check'], {
      'kefu.config.yaml': config('http://169.254.169.254/hook', false),
    });
    expect(metadata.code).toBe(1);
    expect(metadata.err).toContain(
      '  - webhooks.subscriptions[0].url: webhook host 169.254.169.254 resolves to a private',
    );
    const hub = await cli(['config', 'check'], {
      'kefu.config.yaml': config('http://127.0.0.1:8080/h', true),
    });
    expect(hub.code).toBe(1);
    expect(hub.err).toContain('  - webhooks.subscriptions[0].url: the webhook url points at this hub');
    const allowed = await cli(['config', 'check'], {
      'kefu.config.yaml': config('http://127.0.0.1:3000/h', true),
    });
    expect(allowed.code).toBe(0);
  });
});
