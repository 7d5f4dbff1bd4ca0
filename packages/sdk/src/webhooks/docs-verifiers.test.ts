import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { signWebhook } from './signature.ts';

// docs/webhooks.md gives receivers in Python and Java, and says a malformed header is a refusal,
// not an exception (a 500 in the merchant's receiver). Each is run here as written, where its
// interpreter is installed, on a real signature and on forged headers.

const run = promisify(execFile);
const secret = 'whsec_test_secret_0123456789';
const body = '{"id":"evt_1","type":"ticket.created","createdAt":1767225600000,"data":{"title":"退货"}}';
const t = Math.floor(Date.now() / 1000);
const good = signWebhook(secret, t, body);
const FORGED = [
  '',
  'garbage',
  `t=${t}`,
  `v1=${'a'.repeat(64)}`,
  `t=${t},v1=ab`,
  `t=${t},v1=${'z'.repeat(64)}`,
  `t=${'9'.repeat(25)},v1=${'a'.repeat(64)}`,
  // U+00B2 is a digit to Python's isdigit() but not to int(); a latin-1 header byte gives it.
  `t=\u00b2,v1=${'a'.repeat(64)}`,
];
const CASES: Array<[string, string, boolean]> = [
  [good, body, true],
  [good, `${body} `, false],
  ...FORGED.map((h): [string, string, boolean] => [h, body, false]),
];

const docs = await readFile(new URL('../../../../docs/webhooks.md', import.meta.url), 'utf8');
const block = (lang: string) => new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``).exec(docs)?.[1] ?? '';
const has = async (command: string, args: string[]) =>
  run(command, args).then(
    () => true,
    () => false,
  );
const dir = await mkdtemp(join(tmpdir(), 'kefu-verifiers-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs a verifier on every case (header and body, in pairs of arguments); one JSON verdict a line. */
async function verdicts(command: string, file: string): Promise<unknown[]> {
  const args = [file, ...CASES.flatMap((c) => c.slice(0, 2) as string[])];
  const { stdout } = await run(command, args, { timeout: 120_000 });
  return stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}
const expected = CASES.map(([, , ok]) => ok);

describe.skipIf(!(await has('python3', ['--version'])))("docs/webhooks.md's Python verifier", () => {
  it('accepts a delivery the hub signed and refuses forged headers without raising', async () => {
    const file = join(dir, 'verify.py');
    await writeFile(
      file,
      `${block('python')}
import json, sys
for header, raw in zip(sys.argv[1::2], sys.argv[2::2]):
    try:
        print(json.dumps(verify(${JSON.stringify(secret)}, header, raw.encode())))
    except Exception as e:
        print(json.dumps(type(e).__name__))
`,
    );
    expect(await verdicts('python3', file)).toEqual(expected);
  }, 60_000);
});

describe.skipIf(!(await has('java', ['-version'])))("docs/webhooks.md's Java verifier", () => {
  it('accepts a delivery the hub signed and refuses forged headers without throwing', async () => {
    const lines = block('java').split('\n');
    const file = join(dir, 'Verify.java');
    await writeFile(
      file,
      `${lines.filter((l) => l.startsWith('import ')).join('\n')}
public class Verify {
${lines.filter((l) => !l.startsWith('import ')).join('\n')}
  public static void main(String[] args) throws Exception {
    for (int i = 0; i < args.length; i += 2) {
      try {
        System.out.println(verify(${JSON.stringify(secret)}, args[i], args[i + 1].getBytes(StandardCharsets.UTF_8), 300));
      } catch (Exception e) {
        System.out.println("\\"" + e.getClass().getSimpleName() + "\\"");
      }
    }
  }
}
`,
    );
    expect(await verdicts('java', file)).toEqual(expected);
  }, 150_000);
});
