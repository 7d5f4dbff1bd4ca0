import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createHub, type Hub } from '@kefu/sdk';
import { createShopperClient, type ShopperClient } from '@kefu/sdk/client';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const readme = readFileSync(new URL('../../../packages/protocol/README.md', import.meta.url), 'utf8');
const secret = 'identity-secret-for-the-readme-test';

/** The README's `ts` snippet under "Identity tokens", run as written (types stripped): the token it makes. */
function readmeIdentityToken(edit: (code: string) => string = (code) => code): string {
  const section = readme.slice(readme.indexOf('## Identity tokens'));
  const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!snippet) throw new Error('no ts snippet under "## Identity tokens" in packages/protocol/README.md');
  const code = edit(snippet).replace(
    "import { createHmac, randomUUID } from 'node:crypto';",
    'const { createHmac, randomUUID } = crypto;',
  );
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  return new Function('crypto', 'Buffer', 'secret', `${js}\nreturn identity;`)(crypto, Buffer, secret);
}

let hub: Hub | undefined;
let shopper: ShopperClient | undefined;
afterEach(async () => {
  shopper?.close();
  await hub?.close();
});

/** Connects a shopper with `identity` to a hub whose site `my-shop` has the secret: the welcome, or the refusal. */
async function hello(identity: string): Promise<{ identified: boolean } | { refused: string }> {
  hub = createHub({ sites: [{ key: 'my-shop', origins: ['http://localhost:*'], identitySecret: secret }] });
  const { url } = await hub.listen({ port: 0 });
  shopper = createShopperClient({
    url,
    siteKey: 'my-shop',
    WebSocket,
    origin: 'http://localhost:3000',
    identity,
  });
  const outcome = new Promise<{ identified: boolean } | { refused: string }>((resolve) => {
    shopper!.on('welcome', (w) => resolve({ identified: w.identified }));
    shopper!.on('error', (e) => resolve({ refused: e.message }));
  });
  shopper.connect();
  return outcome;
}

describe('the identity token snippet in packages/protocol/README.md', () => {
  it('makes a token the hub accepts for the site named in aud', async () => {
    expect(await hello(readmeIdentityToken())).toEqual({ identified: true });
  });

  it('makes one the hub refuses without its aud line', async () => {
    const noAud = readmeIdentityToken((code) => code.replace(/^\s*aud: .*\n/m, ''));
    expect(await hello(noAud)).toEqual({ refused: expect.stringContaining('(aud)') });
  });
});
