import { describe, expect, it, vi } from 'vitest';

const seen = vi.hoisted(() => ({ options: [] as unknown[] }));
vi.mock('yaml', async (importOriginal) => {
  const yaml = await importOriginal<typeof import('yaml')>();
  return {
    ...yaml,
    parseDocument: (text: string, options?: unknown) => {
      seen.options.push(options);
      return yaml.parseDocument(text, options as never);
    },
  };
});

const { parseYaml } = await import('./parse-yaml.ts');
const { parseKnowledgeBaseAs } = await import('./faq/knowledge-base-file.ts');
const { parseConfig } = await import('./config/load-config.ts');

describe('parseYaml', () => {
  it("leaves out the yaml package's pairwise key check, for knowledge bases and configs alike", () => {
    // It compares each key with every earlier one of its map: 0.4 MB of `k1: 1`, `k2: 1` … took
    // 11 s of the event loop, and 1 MiB (an import's limit) over a minute.
    seen.options.length = 0;
    parseKnowledgeBaseAs('yaml', 'entries: [{ id: a, question: q, answer: x }]\n');
    parseConfig('sites: [{ key: s, origins: ["*"] }]\n', { source: 'kefu.config.yaml' });
    expect(seen.options).toEqual([
      expect.objectContaining({ uniqueKeys: false }),
      expect.objectContaining({ uniqueKeys: false }),
    ]);
    const many = Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}\n`).join('');
    expect(Object.keys(parseYaml(many) as object)).toHaveLength(40_000);
  });

  it('still refuses a key given twice in a map, saying where, as the package did', () => {
    expect(() => parseYaml('a: 1\nb:\n  c: 1\n  c: 2\n')).toThrow(
      /^Map keys must be unique at line 4, column 3/,
    );
    expect(parseYaml('a: 1\nb: { a: 1 }\n')).toEqual({ a: 1, b: { a: 1 } });
  });

  it('keeps the alias cap and the errors of the yaml package', () => {
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`;
    expect(() => parseYaml(bomb)).toThrow(/Excessive alias count/);
    expect(() => parseYaml('a: [1\n')).toThrow(/flow sequence/i);
  });
});
