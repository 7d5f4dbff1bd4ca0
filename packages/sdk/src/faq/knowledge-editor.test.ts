import { describe, expect, it } from 'vitest';
import { createFaqEngine } from './faq-engine.ts';
import { KB_LIMITS, type KnowledgeBase } from './knowledge-base.ts';
import { createKnowledgeEditor } from './knowledge-editor.ts';

const base: KnowledgeBase = {
  version: 1,
  entries: [
    { id: 'returns', question: '怎么退货', alternatives: ['可以退吗'], answer: '7 天无理由退货', tags: [] },
  ],
};

function setup() {
  const engine = createFaqEngine(base);
  const saved: KnowledgeBase[] = [];
  const editor = createKnowledgeEditor({ base, engine, onChange: (kb) => void saved.push(kb) });
  return { engine, saved, editor };
}

/** Enough entries that a rebuild takes many slices of the event loop on any machine. */
const BIG = 4000;

const entry = (id: string) => ({
  id,
  question: `${id} 问题 how do I ${id}`,
  alternatives: [`${id} 可以吗`],
  answer: `${id} 答案 answer`,
  tags: [],
});

function bigSetup() {
  const big: KnowledgeBase = { version: 1, entries: Array.from({ length: BIG }, (_, i) => entry(`e${i}`)) };
  const engine = createFaqEngine(big);
  const saved: KnowledgeBase[] = [];
  const editor = createKnowledgeEditor({ base: big, engine, onChange: (kb) => void saved.push(kb) });
  return { engine, saved, editor };
}

describe('createKnowledgeEditor', () => {
  it('adds and replaces entries, reloading the engine and handing each version to onChange', async () => {
    const { engine, saved, editor } = setup();
    const ship = { id: 'ship', question: '几天发货', alternatives: [], answer: '48 小时内发货', tags: [] };
    expect(await editor.put(ship)).toEqual({ created: true });
    expect(engine.entry('ship')?.answer).toBe('48 小时内发货');
    expect(await editor.put({ ...ship, answer: '24 小时内发货' })).toEqual({ created: false });
    expect(engine.entry('ship')?.answer).toBe('24 小时内发货');
    expect(saved.map((kb) => kb.entries.length)).toEqual([2, 2]);
    expect(await editor.remove('ship')).toBe(true);
    expect(await editor.remove('ship')).toBe(false);
    expect(engine.entry('ship')).toBeUndefined();
  });

  it('builds the next edit on a base the engine was reloaded with from outside (the file watcher)', async () => {
    const { engine, saved, editor } = setup();
    const ship = { id: 'ship', question: '几天发货', alternatives: [], answer: '48 小时内发货', tags: [] };
    // What watchKnowledgeBase does when the file changes: the merchant added `ship`.
    engine.reload({ ...base, entries: [...base.entries, ship] });
    expect(editor.entries().map((e) => e.id)).toEqual(['returns', 'ship']);
    expect(editor.revision).toBe(1);
    await editor.put({ id: 'pay', question: '怎么付款', alternatives: [], answer: '微信或支付宝', tags: [] });
    expect(engine.entry('ship')?.answer).toBe('48 小时内发货');
    expect(saved.at(-1)?.entries.map((e) => e.id)).toEqual(['returns', 'ship', 'pay']);
  });

  it('ignores a late reload of a base it wrote itself, which would take the edits after it back', async () => {
    const { engine, saved, editor } = setup();
    const entry = (id: string) => ({
      id,
      question: `${id} 问题`,
      alternatives: [],
      answer: `${id} 答案`,
      tags: [],
    });
    await editor.put(entry('ship'));
    const afterShip = saved.at(-1)!;
    await editor.put(entry('pay'));
    // The watcher read the file after the first write-back, before the second one landed.
    engine.reload(structuredClone(afterShip));
    expect(editor.entries().map((e) => e.id)).toEqual(['returns', 'ship', 'pay']);
    expect(engine.entry('pay')).toBeDefined();
    await editor.put(entry('gift'));
    expect(saved.at(-1)?.entries.map((e) => e.id)).toEqual(['returns', 'ship', 'pay', 'gift']);
  });

  it('refuses an invalid entry as invalid_frame and keeps serving the last good base', async () => {
    const { engine, editor } = setup();
    await expect(
      editor.put({ id: 'x', question: '', alternatives: [], answer: 'a', tags: [] }),
    ).rejects.toMatchObject({
      code: 'invalid_frame',
    });
    expect(editor.entries().map((e) => e.id)).toEqual(['returns']);
    expect(engine.size).toBe(1);
  });

  it('checks only what an edit changes, yet refuses what a file load would: the entry at its place, the limits', async () => {
    const { editor } = setup();
    await editor.put({ id: 'ship', question: '几天发货', alternatives: [], answer: '48 小时', tags: [] });
    await expect(
      editor.put({ id: 'ship', question: '几天发货', alternatives: [], answer: '', tags: [] }),
    ).rejects.toThrow(/entries\[1\]\.answer/);
    // Each row is valid and the file alone within the limit; with the base's two it is not.
    const rows = Array.from({ length: KB_LIMITS.entries - 1 }, (_, i) => `n${i},问题${i},答案${i}`);
    await expect(
      editor.importText(`id,question,answer\n${rows.join('\n')}\n`, 'csv', 'merge'),
    ).rejects.toThrow(/has 10,001 entries; at most 10,000/);
    expect(editor.entries().map((e) => e.id)).toEqual(['returns', 'ship']);
    expect(editor.get('ship')?.answer).toBe('48 小时');
  });

  it('imports JSON, CSV and YAML, merging by id or replacing the base; all or nothing', async () => {
    const { editor } = setup();
    const yaml = 'version: 1\nentries:\n  - id: returns\n    question: 退货流程\n    answer: 在订单页申请\n';
    expect(await editor.importText(yaml, 'yaml', 'merge')).toEqual({ entries: 1, ids: ['returns'] });
    expect(editor.get('returns')?.answer).toBe('在订单页申请');
    expect(await editor.importText('id,question,answer\nship,几天发货,48 小时\n', 'csv', 'merge')).toEqual({
      entries: 1,
      ids: ['ship'],
    });
    expect(editor.entries().map((e) => e.id)).toEqual(['returns', 'ship']);
    await expect(editor.importText('{"entries": [', 'json', 'merge')).rejects.toMatchObject({
      code: 'invalid_frame',
    });
    await expect(editor.importText('{"entries": [{"id": "bad"}]}', 'json', 'replace')).rejects.toMatchObject({
      code: 'invalid_frame',
    });
    expect(editor.entries()).toHaveLength(2);
    await editor.importText(JSON.stringify(base), 'json', 'replace');
    expect(editor.entries().map((e) => e.id)).toEqual(['returns']);
  });

  it('refuses an import with no entries (a header row alone), which as a replace emptied the base', async () => {
    const { editor, saved } = setup();
    for (const [text, format] of [
      ['\uFEFFid,question,answer\r\n\r\n,,\r\n', 'csv'],
      ['id\tquestion\tanswer\n', 'tsv'],
      ['{"version": 1, "entries": []}', 'json'],
    ] as const) {
      for (const mode of ['replace', 'merge'] as const)
        await expect(editor.importText(text, format, mode), `${format} ${mode}`).rejects.toMatchObject({
          code: 'invalid_frame',
          message: expect.stringContaining('entries: the file has none ('),
        });
    }
    expect(editor.entries().map((e) => e.id)).toEqual(['returns']);
    expect(saved).toEqual([]);
  });

  it('saves edits in the order they were made, even when a save is slow', async () => {
    const engine = createFaqEngine(base);
    const saved: number[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const editor = createKnowledgeEditor({
      base,
      engine,
      onChange: async (kb) => {
        if (kb.entries.length === 2) await slow;
        saved.push(kb.entries.length);
      },
    });
    const entry = (id: string) => ({
      id,
      question: `问题 ${id}`,
      alternatives: [],
      answer: '答案',
      tags: [],
    });
    const first = editor.put(entry('a'));
    const second = editor.put(entry('b'));
    release();
    await Promise.all([first, second]);
    expect(saved).toEqual([2, 3]);
  });

  it('rebuilds the index over turns of the event loop, the old one answering meanwhile', async () => {
    const { engine, editor } = bigSetup();
    let turns = 0;
    let servedOld = true;
    const tick = () =>
      setImmediate(() => {
        turns++;
        if (engine.entry('new')) return;
        // Every turn before the swap still sees the whole old base.
        servedOld &&= engine.size === BIG;
        tick();
      });
    tick();
    await editor.put(entry('new'));
    expect(turns).toBeGreaterThan(1);
    expect(servedOld).toBe(true);
    expect(engine.entry('new')).toBeDefined();
  });

  it('loses neither of two edits nor a reload from the file watcher made while an edit is built', async () => {
    const { engine, editor, saved } = bigSetup();
    const first = editor.put(entry('a'));
    const second = editor.put(entry('b'));
    await new Promise((resolve) => setImmediate(resolve));
    // The merchant's file changed meanwhile (watchKnowledgeBase): one more entry.
    const fromFile = editor.entries();
    fromFile.push(entry('file'));
    engine.reload({ version: 1, entries: fromFile });
    await Promise.all([first, second]);
    for (const id of ['a', 'b', 'file']) expect(engine.entry(id), id).toBeDefined();
    expect(
      saved
        .at(-1)
        ?.entries.slice(-3)
        .map((e) => e.id),
    ).toEqual(['file', 'a', 'b']);
    expect(engine.size).toBe(BIG + 3);
  });

  it('hands out copies', () => {
    const { editor } = setup();
    editor.get('returns')?.alternatives.push('changed');
    expect(editor.get('returns')?.alternatives).toEqual(['可以退吗']);
  });
});
