import { describe, expect, it } from 'vitest';
import { parseYaml } from './parse-yaml.ts';
import {
  MAX_WAITING_YAML_PARSES,
  MAX_YAML_JSON_GROWTH,
  parseYamlOffThread,
  YAML_HEAP_MB_PER_MIB,
} from './parse-yaml-off-thread.ts';

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

  it(`stops a parse that needs over ${YAML_HEAP_MB_PER_MIB} MB a MiB: a value every two bytes`, async () => {
    await expect(parseYamlOffThread(`[${Array(500_000).fill('1').join(',')}]`)).rejects.toThrow(
      `too many lists, maps and values for its size: reading it took over ${YAML_HEAP_MB_PER_MIB} MB`,
    );
  });

  it(`refuses a map wider than maxKeys, and data aliased past ${MAX_YAML_JSON_GROWTH} times its text, as invalid_frame`, async () => {
    const wide = Array.from({ length: 11 }, (_, i) => `k${i}: 1`).join('\n');
    await expect(parseYamlOffThread(wide, { maxKeys: 10 })).rejects.toMatchObject({
      code: 'invalid_frame',
      message: 'it has a map of more than 10 keys',
    });
    expect(JSON.parse(await parseYamlOffThread(wide, { maxKeys: 11 }))).toHaveProperty('k10', 1);
    const aliased = (times: number) =>
      `a: &a [${'returns,'.repeat(2000)}x]\nb: [${Array(times).fill('*a').join(',')}]\n`;
    await expect(parseYamlOffThread(aliased(1))).resolves.toContain('"b":[[');
    await expect(parseYamlOffThread(aliased(20))).rejects.toMatchObject({
      code: 'invalid_frame',
      message: expect.stringContaining('its aliases repeat more than it holds'),
    });
  });

  it('takes several at once, each answered with its own data', async () => {
    const texts = Array.from({ length: 4 }, (_, i) => `n: ${i}\n`);
    expect(await Promise.all(texts.map((text) => parseYamlOffThread(text)))).toEqual(
      texts.map((_, i) => `{"n":${i}}`),
    );
  });
});

describe('parseYamlOffThread, flooded', () => {
  it(`keeps at most ${MAX_WAITING_YAML_PARSES} waiting behind the running one, and refuses the rest as rate_limited`, async () => {
    const texts = Array.from({ length: MAX_WAITING_YAML_PARSES + 3 }, (_, i) => `n: ${i}\n`);
    const outcomes = await Promise.allSettled(texts.map((text) => parseYamlOffThread(text)));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(MAX_WAITING_YAML_PARSES + 1);
    expect(refused).toHaveLength(2);
    for (const o of refused)
      expect((o as PromiseRejectedResult).reason).toMatchObject({ code: 'rate_limited' });
    // The queue empties: the next one is read again.
    expect(await parseYamlOffThread('n: 9\n')).toBe('{"n":9}');
  });
});
