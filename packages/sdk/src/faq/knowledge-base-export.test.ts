import { describe, expect, it } from 'vitest';
import { KnowledgeBaseError } from './knowledge-base.ts';
import { parseKnowledgeBaseCsv } from './knowledge-base-csv.ts';
import { knowledgeBaseText } from './knowledge-base-export.ts';
import { parseKnowledgeBaseAs } from './knowledge-base-file.ts';

// Chinese text, alternates, quick replies, new lines, commas and quotes inside cells.
const IMPORTED = parseKnowledgeBaseCsv(
  [
    'id,question,alternatives,answer,tags,products,categories,quick_replies,locale',
    'ship,多久发货？,"什么时候发货|When, ""exactly"", do you ship?","付款后 48 小时内发货。\n偏远地区, 顺延 ""1-2"" 天；\n\n详见 https://shop.example/ship",物流|yes,sku-1,knitwear,查物流=物流查询|转人工,zh-CN',
    'n1,001,- x|#tag|a: b,null,,,,,',
  ].join('\n'),
);

describe('knowledgeBaseText', () => {
  it('writes CSV, TSV, YAML and JSON that import back as the same entries', () => {
    for (const format of ['csv', 'tsv', 'yaml', 'json'] as const) {
      const { text, notes } = knowledgeBaseText(IMPORTED, format);
      expect(parseKnowledgeBaseAs(format, text), format).toEqual(IMPORTED);
      expect(notes.length, format).toBe(format === 'csv' || format === 'tsv' ? 1 : 0);
    }
    // Excel opens a CSV without a byte-order mark in the system's code page (GBK on a Chinese Windows).
    expect(knowledgeBaseText(IMPORTED, 'csv').text.startsWith('\uFEFFid,question,answer,alternatives,')).toBe(
      true,
    );
  });

  it('says which cells Excel would change on opening the CSV: a formula, a number', () => {
    // A Markdown list in an answer ("- 第一步") opened as a formula, #NAME?, and was saved so.
    const kb = {
      version: 1 as const,
      entries: [
        { id: 'steps', question: 'q1', answer: '- 第一步\n- 第二步', alternatives: [], tags: [] },
        { id: 'phone', question: '+86 电话', answer: 'a', alternatives: ['=x'], tags: [] },
        { id: '007', question: 'q3', answer: 'a', alternatives: [], tags: [] },
        { id: 'ok', question: 'q4', answer: 'a - b', alternatives: ['123'], tags: [] },
      ],
    };
    expect(knowledgeBaseText(kb, 'csv').notes).toEqual([
      'Excel would change 4 cells as it opens this CSV: read as a formula (they start with =, +, - or @): "steps" answer, "phone" question, "phone" alternatives; read as a number (007 → 7): "007" id. Open it through Excel\'s Data › From Text/CSV with every column as Text, or edit it where text stays as written',
    ]);
    expect(knowledgeBaseText(kb, 'yaml').notes).toEqual([]);
  });

  it('reads back the same answers from a CSV a spreadsheet saved with CR LF or CR inside its cells', () => {
    // The line ends inside a quoted cell are the saving tool's (CR LF on Windows, CR from an old Mac's
    // Excel): kept, the answers came back with a "\r" the bot then sent.
    const { text } = knowledgeBaseText(IMPORTED, 'csv');
    for (const end of ['\r\n', '\r'])
      expect(parseKnowledgeBaseAs('csv', text.replace(/\r?\n/g, end)), JSON.stringify(end)).toEqual(IMPORTED);
  });

  it("writes the file's locale on each entry of a CSV, which has no place for it, and says so", () => {
    const { text, notes } = knowledgeBaseText({ ...IMPORTED, locale: 'zh' }, 'csv');
    expect(parseKnowledgeBaseAs('csv', text).entries.map((e) => e.locale)).toEqual(['zh-CN', 'zh']);
    expect(notes[0]).toContain('the file\'s locale "zh" is written on each entry');
    expect(
      parseKnowledgeBaseAs('yaml', knowledgeBaseText({ ...IMPORTED, locale: 'zh' }, 'yaml').text),
    ).toEqual({
      ...IMPORTED,
      locale: 'zh',
    });
  });

  it('refuses, naming the entry and field, what a CSV would read back otherwise', () => {
    const kb = {
      version: 1 as const,
      entries: [
        {
          id: 'a',
          question: 'q',
          answer: 'Yes.\n',
          alternatives: ['x|y'],
          tags: ['a,b'],
          quickReplies: [{ label: '1+1=2', payload: 'sum' }],
        },
      ],
    };
    let error: unknown;
    try {
      knowledgeBaseText(kb, 'csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KnowledgeBaseError);
    expect((error as KnowledgeBaseError).issues.map((i) => [i.entryId, i.path])).toEqual([
      ['a', 'entries[0].answer'],
      ['a', 'entries[0].alternatives'],
      ['a', 'entries[0].tags'],
      ['a', 'entries[0].quickReplies'],
    ]);
    // The two quotes of an answer with a new line at its end looked the same (YAML's "answer: |").
    expect((error as KnowledgeBaseError).issues[0]!.message).toBe(
      'a CSV cannot hold the white space at its start or end ("\\n"; a YAML "answer: |" block ends in a new line: write "answer: |-"); export as JSON or YAML (--format json), or remove it',
    );
    expect((error as KnowledgeBaseError).issues[1]!.message).toBe(
      'a CSV cannot hold it as written: it would read back as ["x","y"], not ["x|y"]; export as JSON or YAML (--format json), or change the text',
    );
    expect(parseKnowledgeBaseAs('yaml', knowledgeBaseText(kb, 'yaml').text).entries[0]).toEqual({
      ...kb.entries[0],
    });
  });
});
