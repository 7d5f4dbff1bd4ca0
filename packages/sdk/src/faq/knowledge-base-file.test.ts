import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeBaseError } from './knowledge-base.ts';
import {
  knowledgeBaseFileWriter,
  parseKnowledgeBaseText,
  readKnowledgeBaseFile,
} from './knowledge-base-file.ts';

describe('readKnowledgeBaseFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-kb-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file that is not UTF-8 (Excel\'s plain "CSV" on a Chinese Windows writes GBK)', async () => {
    // id,question,answer / a,运费多少,满59元包邮 in GBK: as UTF-8 it parses into replacement characters.
    const gbk = Buffer.from(
      '69642c7175657374696f6e2c616e737765720a612cd4cbb7d1b6e0c9d92cc2fa3539d4aab0fcd3ca0a',
      'hex',
    );
    const file = join(dir, 'faq.csv');
    await writeFile(file, gbk);
    const read = readKnowledgeBaseFile(file);
    await expect(read).rejects.toBeInstanceOf(KnowledgeBaseError);
    await expect(readKnowledgeBaseFile(file)).rejects.toThrow(/faq\.csv is not UTF-8 text: save it as UTF-8/);
    // A problem of the whole file has no path: the line starts with the message, not ": ".
    await expect(readKnowledgeBaseFile(file)).rejects.toThrow(/\n {2}- \/[^\n]*faq\.csv is not UTF-8/);
  });

  it('says where a JSON or YAML knowledge base stops parsing, in one line', () => {
    const issue = (text: string, format: 'json' | 'yaml') => {
      try {
        parseKnowledgeBaseText(`faq.${format}`, text);
      } catch (error) {
        return (error as KnowledgeBaseError).issues[0]!.message;
      }
      return undefined;
    };
    expect(issue('entries:\n  - id: [a\n', 'yaml')).toMatch(
      /^not valid YAML: [^\n]* at line \d+, column \d+$/,
    );
    expect(issue('{ "entries": [\n  { "id": "a", }\n] }', 'json')).toMatch(
      /^not valid JSON: [^\n]* \(line 2,? column \d+\)$/,
    );
  });

  it('reads a tab-separated .tsv export and a UTF-16 file with its byte-order mark (Excel\'s "Unicode Text")', async () => {
    const tsv = join(dir, 'faq.tsv');
    await writeFile(tsv, 'id\tquestion\tanswer\na\t运费多少\t满59元包邮，偏远地区除外\n');
    expect((await readKnowledgeBaseFile(tsv)).entries[0]).toMatchObject({
      id: 'a',
      answer: '满59元包邮，偏远地区除外',
    });
    const utf16 = join(dir, 'faq.csv');
    await writeFile(utf16, Buffer.from('\uFEFFid,question,answer\r\na,運費多少,滿59元免運\r\n', 'utf16le'));
    expect((await readKnowledgeBaseFile(utf16)).entries[0]).toMatchObject({ id: 'a', question: '運費多少' });
  });

  it('says to rename a .txt (what Excel names its "Unicode Text") to .tsv', async () => {
    const file = join(dir, 'faq.txt');
    await writeFile(
      file,
      Buffer.from('\uFEFFid\tquestion\tanswer\r\na\t运费多少\t满59元包邮\r\n', 'utf16le'),
    );
    await expect(readKnowledgeBaseFile(file)).rejects.toThrow(
      'unknown format ".txt": use .json, .csv, .tsv, .yaml, .yml (Excel\'s "Unicode Text" is tab-separated: rename the file .tsv)',
    );
  });

  it('reads UTF-8 with or without a BOM', async () => {
    const file = join(dir, 'faq.csv');
    await writeFile(file, '\uFEFFid,question,answer\na,运费多少,满59元包邮\n');
    expect((await readKnowledgeBaseFile(file)).entries[0]).toMatchObject({ id: 'a', question: '运费多少' });
    const json = join(dir, 'faq.json');
    await writeFile(json, '\uFEFF{"entries":[{"id":"a","question":"运费多少","answer":"满59元包邮"}]}');
    expect((await readKnowledgeBaseFile(json)).entries).toHaveLength(1);
  });

  it('says a YAML number is not text, so `id: 001` does not read as "must be … digits"', async () => {
    const file = join(dir, 'faq.yaml');
    await writeFile(file, 'entries:\n  - id: 001\n    question: 运费多少\n    answer: 6\n');
    await expect(readKnowledgeBaseFile(file)).rejects.toThrow(
      /entries\[0\]\.id: must be 1-100 letters, digits or _\.:- \(starting with a letter or digit\) \(got the number 1: put it in quotes to make it text\)\n {2}- entries\[0\]\.answer: [^\n]* \(got the number 6: put it in quotes/,
    );
  });

  it("says a YAML { … } line's unquoted comma cut the answer, not that its rest is an unknown field", () => {
    // YAML reads `answer: Yes, one free exchange` in braces as answer "Yes" and a key "one free exchange".
    const yaml =
      'entries:\n  - { id: exchange, question: Can I exchange?, answer: Yes, one free size exchange }\n';
    expect(() => parseKnowledgeBaseText('faq.yaml', yaml)).toThrow(
      'entry "exchange" entries[0].one free size exchange: is not a known field: it looks like the rest of "answer" cut at a comma (in YAML\'s { … } a comma ends a value): put the whole value in quotes, answer: "Yes, one free size exchange"',
    );
  });
});

describe('knowledgeBaseFileWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kefu-kb-write-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const next = {
    version: 1 as const,
    entries: [
      { id: 'ship', question: 'When do you ship?', alternatives: [], answer: 'In 48 hours.', tags: [] },
    ],
  };

  it('writes an edit back to a JSON file, and into a YAML file keeping its comments', async () => {
    const json = join(dir, 'faq.json');
    await knowledgeBaseFileWriter(json)!(next);
    expect(await readKnowledgeBaseFile(json)).toEqual(next);
    const yaml = join(dir, 'faq.yaml');
    await writeFile(
      yaml,
      '# our FAQ\nversion: 1\nentries:\n  - id: ship\n    question: When do you ship?\n    answer: Soon.\n',
    );
    await knowledgeBaseFileWriter(yaml)!(next);
    expect(await readFile(yaml, 'utf8')).toMatch(/^# our FAQ\n[\s\S]*answer: In 48 hours\.\n$/);
  });

  it('writes nothing back to a spreadsheet export (.csv or .tsv), which would lose its layout', () => {
    expect(knowledgeBaseFileWriter(join(dir, 'faq.csv'))).toBeUndefined();
    expect(knowledgeBaseFileWriter(join(dir, 'faq.tsv'))).toBeUndefined();
  });
});
