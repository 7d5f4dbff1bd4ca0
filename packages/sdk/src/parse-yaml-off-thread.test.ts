import { describe, expect, it } from 'vitest';
import { parseYaml } from './parse-yaml.ts';
import { parseYamlOffThread } from './parse-yaml-off-thread.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('parseYamlOffThread', () => {
  it('reads what parseYaml reads, as JSON', async () => {
    for (const text of [
      'version: 1\nentries:\n  - id: a\n    question: 尺码\n    tags: [x, y]\n',
      'a: &x [1, 2]\nb: *x\n',
      '',
      '- .nan\n- true\n- ~\n',
    ])
      expect(JSON.parse(await parseYamlOffThread(text))).toEqual(
        JSON.parse(JSON.stringify(parseYaml(text) ?? null)),
      );
  });

  it("refuses with parseYaml's own message: a duplicate key, a syntax error, an alias bomb", async () => {
    const bomb = `a: &a [x, x]\n${Array.from(
      { length: 12 },
      (_, i) =>
        `${'b'.repeat(i + 1)}: &${'a'.repeat(i + 2)} [${Array(10)
          .fill(`*${'a'.repeat(i + 1)}`)
          .join(', ')}]`,
    ).join('\n')}\n`;
    for (const text of ['a: 1\nb: 2\na: 3\n', 'a: [1,\n', bomb])
      await expect(parseYamlOffThread(text)).rejects.toThrow(refusal(() => parseYaml(text)));
  });

  it('takes several at once, each answered with its own data', async () => {
    const texts = Array.from({ length: 4 }, (_, i) => `n: ${i}\n`);
    expect(await Promise.all(texts.map(parseYamlOffThread))).toEqual(texts.map((_, i) => `{"n":${i}}`));
  });
});
