import { describe, expect, it } from 'vitest';
import { KB_LIMITS, type KnowledgeBaseError } from './knowledge-base.ts';
import { parseKnowledgeBaseCsv } from './knowledge-base-csv.ts';

describe('parseKnowledgeBaseCsv', () => {
  it('imports quoted fields, alternatives, scope and quick replies', () => {
    const csv =
      '\uFEFFid,question,answer,alternatives,tags,products,categories,quick_replies\r\n' +
      'return-earbuds,耳机能退吗,"拆封后不支持无理由退货,""质量问题""可换新。",耳机用过能退吗|耳塞戴过可以退吗,退货|耳机,p-earbuds,electronics,保修多久=faq:warranty|转人工\r\n' +
      '\r\n' +
      'ship,多久发货,"48 小时内发货\n周末照常",,,,,\r\n';
    const kb = parseKnowledgeBaseCsv(csv);
    expect(kb.entries).toHaveLength(2);
    expect(kb.entries[0]).toEqual({
      id: 'return-earbuds',
      question: '耳机能退吗',
      answer: '拆封后不支持无理由退货,"质量问题"可换新。',
      alternatives: ['耳机用过能退吗', '耳塞戴过可以退吗'],
      tags: ['退货', '耳机'],
      scope: { productIds: ['p-earbuds'], categories: ['electronics'] },
      quickReplies: [
        { label: '保修多久', payload: 'faq:warranty' },
        { label: '转人工', payload: '转人工' },
      ],
    });
    expect(kb.entries[1]?.answer).toBe('48 小时内发货\n周末照常');
  });

  it('reads the optional columns under their singular, JSON or "alternates" names instead of dropping them', () => {
    const csv =
      'ID,Question,Answer,Alternates,Tag,productIds,Category,Quick Reply\n' +
      'ship,When do you ship?,Within 48 hours.,How soon do you ship|Shipping time,shipping,p-1,shoes,Track=track my parcel\n';
    expect(parseKnowledgeBaseCsv(csv).entries[0]).toEqual({
      id: 'ship',
      question: 'When do you ship?',
      answer: 'Within 48 hours.',
      alternatives: ['How soon do you ship', 'Shipping time'],
      tags: ['shipping'],
      scope: { productIds: ['p-1'], categories: ['shoes'] },
      quickReplies: [{ label: 'Track', payload: 'track my parcel' }],
    });
    expect(
      parseKnowledgeBaseCsv('id,question,answer,quickReplies,alternative\nx,q,a,Go,q2\n').entries[0],
    ).toMatchObject({ alternatives: ['q2'], quickReplies: [{ label: 'Go', payload: 'Go' }] });
  });

  it('reads a spreadsheet export separated by semicolons or tabs, keeping commas inside fields', () => {
    for (const d of [';', '\t']) {
      const kb = parseKnowledgeBaseCsv(
        `id${d}question${d}answer\nship${d}多久发货${d}48 小时内发货, 周末照常\n`,
      );
      expect(kb.entries[0]).toMatchObject({
        id: 'ship',
        question: '多久发货',
        answer: '48 小时内发货, 周末照常',
      });
    }
  });

  it('requires the id, question and answer columns', () => {
    expect(() => parseKnowledgeBaseCsv('id,question\na,b\n')).toThrow(/answer: column is required/);
  });

  it('reports row problems with the entry id and field', () => {
    try {
      parseKnowledgeBaseCsv('id,question,answer\nok,q,a\nbad,,a\n');
      expect.unreachable();
    } catch (e) {
      expect((e as KnowledgeBaseError).issues[0]).toMatchObject({
        entryId: 'bad',
        path: 'entries[1].question',
      });
    }
  });

  it('reports an unterminated quote with the line it opens on, not as a missing answer', () => {
    const csv =
      'id,question,answer\r\nok,q,"a\r\nsecond line"\r\nship,多久发货,"48 小时内发货\r\nwho,q,a\r\n';
    expect(() => parseKnowledgeBaseCsv(csv)).toThrow(/\(csv\): unterminated quote at line 4/);
    expect(() => parseKnowledgeBaseCsv(csv)).not.toThrow(/answer/);
  });

  it('refuses a row with more cells than the header instead of cutting its answer short', () => {
    // An English answer with an unquoted comma: read as is, the answer would end at "$49" and the
    // rest would vanish without a word.
    const csv =
      'id,question,answer\nok,Do you ship to Canada?,Yes\n\nship-cost,How much is shipping?,Free over $49, otherwise $5.99\n';
    try {
      parseKnowledgeBaseCsv(csv);
      expect.unreachable();
    } catch (e) {
      expect((e as KnowledgeBaseError).issues).toEqual([
        {
          entryId: 'ship-cost',
          path: 'entries[1]',
          message: expect.stringMatching(
            /^line 4 has 4 cells but the header names 3 columns, so "otherwise \$5\.99" would be lost: quote a cell that holds ","$/,
          ),
        },
      ]);
    }
    // Empty trailing cells (a spreadsheet's blank columns) lose nothing and stay accepted.
    expect(parseKnowledgeBaseCsv('id,question,answer\nok,q,a,,\n').entries[0]?.answer).toBe('a');
  });

  it('says a row is separated by another character than the header row, instead of calling its whole line a bad id', () => {
    // The header typed by hand with commas, the rows exported from a spreadsheet that writes ";".
    const csv = 'id,question,answer\nok,多久发货,48 小时内\nship;运费多少;满 99 包邮\nret\t能退吗\t7 天\n';
    try {
      parseKnowledgeBaseCsv(csv);
      expect.unreachable();
    } catch (e) {
      expect((e as KnowledgeBaseError).issues).toEqual([
        {
          path: 'entries[1]',
          message:
            'line 3 is one cell, "ship;运费多少;满 99 包邮": its cells are separated by ";" but the header row\'s by ",": use one separator in the whole file',
        },
        {
          path: 'entries[2]',
          message:
            'line 4 is one cell, "ret\t能退吗\t7 天": its cells are separated by a tab but the header row\'s by ",": use one separator in the whole file',
        },
      ]);
    }
    // A row of one cell with no other separator in it is just short: its missing answer is named.
    expect(() => parseKnowledgeBaseCsv('id,question,answer\nship\n')).toThrow(/entries\[0\]\.question/);
  });

  it('names a separator it does not read (a pipe, a colon) instead of three missing columns', () => {
    for (const [text, name] of [
      ['id|question|answer\nship|运费多少|满 99 包邮', '"|"'],
      ['id:question:answer\nship:运费多少:满 99 包邮', '":"'],
    ] as const)
      expect(() => parseKnowledgeBaseCsv(text)).toThrow(
        expect.objectContaining({
          issues: [
            {
              path: '(csv header)',
              message: `line 1 is one cell, "${text.split('\n')[0]}": its columns look separated by ${name}, which Kefu does not read as a CSV separator: save the file with commas, semicolons or tabs between cells`,
            },
          ],
        }),
      );
  });

  it('lists extra cells together with the other problems of the file', () => {
    expect(() => parseKnowledgeBaseCsv('id;question;answer\na;q;x;y\nb;q;\n')).toThrow(
      /entry "a" entries\[0\]: line 2 has 4 cells[^\n]*";"\n {2}- entry "b" entries\[1\]\.answer/,
    );
  });

  it("names the file's line of a bad row, which is all a row with a blank id has to go by", () => {
    // Line 4: the header, a good row and an empty row come first.
    expect(() => parseKnowledgeBaseCsv('id,question,answer\nok,q,a\n\n,多久发货,当天发\n')).toThrow(
      /\n {2}- entries\[1\]\.id: must be 1-100 letters[^\n]* \(line 4\)$/,
    );
  });

  it('reads the separator from the "sep=;" line Excel writes first, keeping the file\'s line numbers', () => {
    const csv =
      '\uFEFFsep=;\r\nID;Question;Answer\r\nship;When do you ship?;Within 48 hours, weekends too.\r\nfee;Fee?;\r\n';
    expect(() => parseKnowledgeBaseCsv(csv)).toThrow(/entry "fee" entries\[1\]\.answer: [^\n]* \(line 4\)$/);
    expect(parseKnowledgeBaseCsv(csv.replace('Fee?;', 'Fee?;Free')).entries[0]).toMatchObject({
      id: 'ship',
      answer: 'Within 48 hours, weekends too.',
    });
  });

  it('shows the header it read when a required column is missing (a header in another language or encoding)', () => {
    expect(() => parseKnowledgeBaseCsv('\nnum,frage,antwort\nship,多久发货,当天发\n')).toThrow(
      '(csv header).question: column is required; line 2 is read as the header, with columns "num", "frage", "antwort"',
    );
  });

  it('says what to put in a missing id column (a sheet of 问题 and 答案 exported from another tool)', () => {
    expect(() => parseKnowledgeBaseCsv('问题,答案,相似问题\n多久发货,当天发,几天发货\n')).toThrow(
      '(csv header).id: column is required (add one: a short code per row such as faq-1, faq-2, by which edits and later imports find the entry); line 1 is read as the header, with columns "问题", "答案", "相似问题"',
    );
  });

  it("reads a Q&A sheet's short q and a headers", () => {
    expect(
      parseKnowledgeBaseCsv('id,Q,A\nship,How soon do you ship?,Within 48 hours.\n').entries[0],
    ).toMatchObject({
      id: 'ship',
      question: 'How soon do you ship?',
      answer: 'Within 48 hours.',
    });
  });

  it('reads the column names of a Chinese spreadsheet', () => {
    const csv = '编号,问题,相似问题1,相似问题2,答案,标签\nship,多久发货,几天发货,什么时候发,当天发,物流\n';
    expect(parseKnowledgeBaseCsv(csv).entries[0]).toEqual({
      id: 'ship',
      question: '多久发货',
      alternatives: ['几天发货', '什么时候发'],
      answer: '当天发',
      tags: ['物流'],
    });
  });

  it('reads the column names of a spreadsheet in Traditional characters (Taiwan, Hong Kong)', () => {
    const csv =
      '編號;問題;答案;相似問題 1;標籤;類目;快捷回覆;語言\nship;多久出貨;當天出貨;幾天出貨;物流;茶葉;查物流=物流查詢;zh-TW\n';
    expect(parseKnowledgeBaseCsv(csv).entries[0]).toEqual({
      id: 'ship',
      question: '多久出貨',
      alternatives: ['幾天出貨'],
      answer: '當天出貨',
      tags: ['物流'],
      scope: { categories: ['茶葉'] },
      quickReplies: [{ label: '查物流', payload: '物流查詢' }],
      locale: 'zh-TW',
    });
    const bot = parseKnowledgeBaseCsv(
      '序號,標準問題,回答,相似問法,其他問法\n1,多久出貨,當天出貨,幾天出貨,何時寄出\n',
    );
    expect(bot.entries[0]).toMatchObject({
      id: '1',
      question: '多久出貨',
      alternatives: ['幾天出貨', '何時寄出'],
    });
  });

  it('reads a platform bot export whose id column is its row number (序号)', () => {
    const csv = '序号,标准问题,回答,相似问法\n1,多久发货,当天发,几天发货|什么时候发\n';
    expect(parseKnowledgeBaseCsv(csv).entries[0]).toMatchObject({
      id: '1',
      question: '多久发货',
      alternatives: ['几天发货', '什么时候发'],
      answer: '当天发',
    });
  });

  it('says a space before an opening quote is what splits a cell that looks quoted', () => {
    expect(() =>
      parseKnowledgeBaseCsv('id, question, answer\nship, "Ship abroad?", "Yes, worldwide"\n'),
    ).toThrow(
      /line 2 has 4 cells [^\n]*: a quote opens a quoted cell only right after the separator: remove the space before it/,
    );
  });

  it('reads "Alternative 1", "Alternative 2", … columns together instead of ignoring them', () => {
    const csv =
      'ID,Question,Answer,Alternative 1,Alternative 2,Alternative_3,Tag1,Tag2,Notes\n' +
      'ship,When do you ship?,Within 48 hours.,How soon do you ship,Dispatch time,,shipping,,internal\n';
    expect(parseKnowledgeBaseCsv(csv).entries[0]).toMatchObject({
      alternatives: ['How soon do you ship', 'Dispatch time'],
      tags: ['shipping'],
    });
  });

  it('refuses an id, question or answer column given twice instead of reading only the first', () => {
    expect(() =>
      parseKnowledgeBaseCsv('id,question,answer,answer\nship,When?,Soon,Within 48 hours\n'),
    ).toThrow('(csv header).answer: column appears more than once: keep one');
  });

  it("refuses a column a typo away from one it reads, and still ignores a spreadsheet's own columns", () => {
    expect(() =>
      parseKnowledgeBaseCsv('id,question,Alternatvies,answer\nship,When?,How soon?,Within 48 hours\n'),
    ).toThrow('(csv header).Alternatvies: is not a column Kefu reads: did you mean "alternatives"?');
    expect(() => parseKnowledgeBaseCsv('id,question,answer,Tgas\nship,When?,Soon,shipping\n')).toThrow(
      'did you mean "tags"?',
    );
    // A required column misspelt is named as such, not only listed among the header's columns.
    expect(() => parseKnowledgeBaseCsv('id,question,Answers\nship,When?,Soon\n')).toThrow(
      '(csv header).answer: column is required ("Answers" looks like it: rename it "answer"); line 1 is read as the header',
    );
    const kb = parseKnowledgeBaseCsv('id,question,answer,Notes,Owner\nship,When?,Soon,check weekly,Mei\n');
    expect(kb.entries[0]).toMatchObject({ id: 'ship', question: 'When?', answer: 'Soon' });
  });

  it('splits list cells at the full-width separators a Chinese input method types (｜ ， 、 ＝)', () => {
    const csv =
      'id,question,answer,alternatives,tags,quick_replies\nship,多久发货,当天发,几天发货｜什么时候发,物流，发货、时效,查物流＝物流查询｜转人工\n';
    expect(parseKnowledgeBaseCsv(csv).entries[0]).toMatchObject({
      alternatives: ['几天发货', '什么时候发'],
      tags: ['物流', '发货', '时效'],
      quickReplies: [
        { label: '查物流', payload: '物流查询' },
        { label: '转人工', payload: '转人工' },
      ],
    });
  });

  it('skips a megabyte of blank lines and still names the right line of a bad row after them', () => {
    const blank = '\n'.repeat(1024 * 1024);
    const kb = parseKnowledgeBaseCsv(`id,question,answer\n${blank}ship,多久发货,当天发\r\n\r\n,,\n`);
    expect(kb.entries.map((e) => e.id)).toEqual(['ship']);
    expect(() => parseKnowledgeBaseCsv(`id,question,answer\n${blank} ,,\nship,多久发货,\n`)).toThrow(
      `(line ${1024 * 1024 + 3})`,
    );
  });

  it('refuses more rows than a knowledge base holds, naming the limit', () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => `e${i},question ${i},answer ${i}`).join('\n');
    expect(parseKnowledgeBaseCsv(`id,question,answer\n${rows(KB_LIMITS.entries)}`).entries).toHaveLength(
      KB_LIMITS.entries,
    );
    expect(() => parseKnowledgeBaseCsv(`id,question,answer\n${rows(KB_LIMITS.entries + 1)}`)).toThrow(
      '(csv): has more than 10,000 rows (line 10002); a knowledge base holds at most 10,000 entries: split the file',
    );
  });
});
