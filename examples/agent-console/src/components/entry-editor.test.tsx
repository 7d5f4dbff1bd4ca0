import { type KbEntry, type KbProposal, KefuError } from '@kefu/protocol';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createKnowledgeState } from '../knowledge-state.ts';
import { KNOWLEDGE_STRINGS } from '../knowledge-strings.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { refusedField } from './entry-editor.tsx';
import { KnowledgePage } from './knowledge-page.tsx';

afterEach(cleanup);
const en = KNOWLEDGE_STRINGS.en;
const zh = KNOWLEDGE_STRINGS.zh;

const ENTRIES: KbEntry[] = [
  {
    id: 'return-earbuds',
    question: '耳机拆封后还能退货吗？',
    alternatives: ['耳机用过能退吗'],
    answer: '入耳式耳机拆封后不支持无理由退货。',
    tags: ['退货'],
    locale: 'zh-CN',
  },
  {
    id: 'return-hoodie',
    question: '卫衣拆封后还能退货吗？',
    alternatives: [],
    answer: '卫衣未洗未穿可退。',
    tags: ['退货'],
  },
];

function setup(lang: 'zh' | 'en' = 'en', proposals: KbProposal[] = []) {
  const fake = createFakeClient({
    profile: { id: 'boss', supervisor: true },
    knowledge: {
      proposals: () => proposals,
      entries: ENTRIES,
      check: () => ({
        entries: 2,
        entriesWithFindings: 2,
        total: 1,
        findings: [
          {
            kind: 'confusable',
            severity: 'warning',
            entryId: 'return-earbuds',
            otherId: 'return-hoodie',
            phrasing: '耳机拆封后还能退货吗？',
            otherPhrasing: '卫衣拆封后还能退货吗？',
            message: 'near tie',
          },
        ],
      }),
    },
  });
  const knowledge = createKnowledgeState(fake.client);
  render(<KnowledgePage knowledge={knowledge} lang={lang} />);
  const calls = (method: string) => fake.calls.filter((c) => c.method === method).map((c) => c.args);
  return { fake, calls };
}

const dialog = () => screen.findByRole('dialog');

describe('the knowledge page’s entry editor', () => {
  it('opens an entry from a doctor finding, adds a phrasing, saves it with what it was read as, and refreshes the doctor', async () => {
    const { fake, calls } = setup();
    const opener = await screen.findByRole('button', { name: en.edit('return-earbuds') });
    opener.focus();
    fireEvent.click(opener);
    const box = await dialog();
    expect(within(box).getByRole('heading', { name: en.editorTitle('return-earbuds') })).toBeTruthy();
    // Focus moved into the editor, on its first field.
    expect(document.activeElement).toBe(within(box).getByRole('textbox', { name: en.fieldQuestion }));
    expect((within(box).getByRole('combobox', { name: en.fieldLocale }) as HTMLInputElement).value).toBe(
      'zh-CN',
    );
    fireEvent.click(within(box).getByRole('button', { name: en.addAlternative }));
    const added = within(box).getByRole('textbox', { name: en.alternative(2) });
    await waitFor(() => expect(document.activeElement).toBe(added));
    fireEvent.input(added, { target: { value: '耳机拆了还能退吗' } });
    const checks = calls('checkKnowledge').length;
    fireEvent.click(within(box).getByRole('button', { name: en.save }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.kb.held('return-earbuds')).toEqual({
      ...ENTRIES[0],
      alternatives: ['耳机用过能退吗', '耳机拆了还能退吗'],
    });
    expect(calls('saveKnowledgeEntry')[0]?.[1]).toBe('f0');
    await waitFor(() => expect(calls('checkKnowledge').length).toBe(checks + 1));
    expect(screen.getByText(en.done.saved('return-earbuds'))).toBeTruthy();
    // Focus is back on what opened the editor.
    expect(document.activeElement).toBe(opener);
  });

  it('finds entries by a word, removes a phrasing and edits the answer', async () => {
    const { fake } = setup();
    const search = await screen.findByRole('searchbox', { name: en.search });
    fireEvent.input(search, { target: { value: '卫衣' } });
    fireEvent.submit(search.closest('form')!);
    await waitFor(() => expect(document.querySelectorAll('[data-entry]')).toHaveLength(1));
    // Said to a screen reader too: the list changed silently, its user left to go and look.
    const entries = screen.getByRole('region', { name: en.entries });
    expect(within(entries).getByRole('status').textContent).toBe(en.entriesFound(1));
    fireEvent.input(search, { target: { value: '没有这种' } });
    fireEvent.submit(search.closest('form')!);
    await waitFor(() => expect(within(entries).getByRole('status').textContent).toBe(en.noEntries));
    fireEvent.input(search, { target: { value: '卫衣' } });
    fireEvent.submit(search.closest('form')!);
    fireEvent.click(await screen.findByRole('button', { name: en.edit('卫衣拆封后还能退货吗？') }));
    const box = await dialog();
    fireEvent.click(within(box).getByRole('button', { name: en.addAlternative }));
    fireEvent.input(within(box).getByRole('textbox', { name: en.alternative(1) }), {
      target: { value: '卫衣穿过能退吗' },
    });
    fireEvent.input(within(box).getByRole('textbox', { name: en.fieldAnswer }), {
      target: { value: '卫衣未洗未穿、吊牌在可退。' },
    });
    fireEvent.click(within(box).getByRole('button', { name: en.save }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.kb.held('return-hoodie')).toMatchObject({
      alternatives: ['卫衣穿过能退吗'],
      answer: '卫衣未洗未穿、吊牌在可退。',
      tags: ['退货'],
    });
    fireEvent.click(screen.getByRole('button', { name: en.edit('卫衣拆封后还能退货吗？') }));
    const again = await dialog();
    fireEvent.click(within(again).getByRole('button', { name: en.removeAlternative(1) }));
    expect(document.activeElement).toBe(within(again).getByRole('button', { name: en.addAlternative }));
    fireEvent.click(within(again).getByRole('button', { name: en.save }));
    await waitFor(() => expect(fake.kb.held('return-hoodie')?.alternatives).toEqual([]));
  });

  it('creates an entry, saying what is missing before it sends anything', async () => {
    const { fake, calls } = setup();
    fireEvent.click(await screen.findByRole('button', { name: en.addEntry }));
    const box = await dialog();
    expect(document.activeElement).toBe(within(box).getByRole('textbox', { name: en.fieldId }));
    fireEvent.input(within(box).getByRole('textbox', { name: en.fieldId }), {
      target: { value: 'gift-card' },
    });
    fireEvent.input(within(box).getByRole('textbox', { name: en.fieldQuestion }), {
      target: { value: '有礼品卡吗？' },
    });
    fireEvent.click(within(box).getByRole('button', { name: en.save }));
    expect(within(box).getByRole('alert').textContent).toContain(en.blankField(en.fieldAnswer));
    const answer = within(box).getByRole('textbox', { name: en.fieldAnswer });
    expect(answer.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(answer);
    expect(calls('saveKnowledgeEntry')).toEqual([]);
    fireEvent.input(answer, { target: { value: '有，电子礼品卡 100 元起。' } });
    fireEvent.click(within(box).getByRole('button', { name: en.save }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.kb.held('gift-card')).toEqual({
      id: 'gift-card',
      question: '有礼品卡吗？',
      alternatives: [],
      answer: '有，电子礼品卡 100 元起。',
    });
    expect(calls('saveKnowledgeEntry')[0]?.[1]).toBeUndefined();
    expect(screen.getByText(en.done.created('gift-card'))).toBeTruthy();
  });

  it('shows the hub’s refusal inside the editor, in the page’s language, on the field it names', async () => {
    const { fake } = setup('zh');
    fireEvent.click(await screen.findByRole('button', { name: zh.edit('return-earbuds') }));
    const box = await dialog();
    fake.kb.refuse(
      new KefuError(
        'invalid_frame',
        'invalid entry: entry.alternatives.0: has characters that are not allowed here',
      ),
    );
    fireEvent.click(within(box).getByRole('button', { name: zh.save }));
    const alert = await within(box).findByRole('alert');
    expect(alert.textContent).toBe(zh.invalidField(zh.alternative(1)));
    expect(
      within(box)
        .getByRole('textbox', { name: zh.alternative(1) })
        .getAttribute('aria-invalid'),
    ).toBe('true');
    // The draft is kept: the supervisor fixes it and saves again.
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('offers to reload a colleague’s change, and to save an entry deleted meanwhile as a new one', async () => {
    const { fake } = setup();
    fireEvent.click(await screen.findByRole('button', { name: en.edit('return-earbuds') }));
    let box = await dialog();
    fake.kb.change({ ...ENTRIES[0]!, answer: '拆封后 7 天内质量问题可退。' });
    fireEvent.input(within(box).getByRole('textbox', { name: en.fieldAnswer }), {
      target: { value: '不能退' },
    });
    fireEvent.click(within(box).getByRole('button', { name: en.save }));
    expect((await within(box).findByRole('alert')).textContent).toContain(en.entryRefused.changed);
    expect(fake.kb.held('return-earbuds')?.answer).toBe('拆封后 7 天内质量问题可退。');
    fireEvent.click(within(box).getByRole('button', { name: en.reload }));
    await waitFor(() =>
      expect((screen.getByRole('textbox', { name: en.fieldAnswer }) as HTMLTextAreaElement).value).toBe(
        '拆封后 7 天内质量问题可退。',
      ),
    );
    box = screen.getByRole('dialog');
    fake.kb.drop('return-earbuds');
    fireEvent.click(within(box).getByRole('button', { name: en.save }));
    expect((await within(box).findByRole('alert')).textContent).toContain(en.entryRefused.gone);
    fireEvent.click(within(box).getByRole('button', { name: en.saveAsNew }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.kb.held('return-earbuds')?.answer).toBe('拆封后 7 天内质量问题可退。');
  });

  it('deletes an entry after asking, and puts focus on the line that says so', async () => {
    const { fake } = setup();
    // Focused as a click in a browser does: the editor gives focus back to it as it closes, before
    // the list read again drops it (focus then fell to the page's start, in Chromium).
    const opener = await screen.findByRole('button', { name: en.edit('卫衣拆封后还能退货吗？') });
    opener.focus();
    fireEvent.click(opener);
    const box = await dialog();
    fireEvent.click(within(box).getByRole('button', { name: en.deleteEntry }));
    expect(within(box).getByText(en.confirmDelete)).toBeTruthy();
    await waitFor(() =>
      expect(document.activeElement).toBe(within(box).getByRole('button', { name: en.keep })),
    );
    fireEvent.click(within(box).getByRole('button', { name: en.deleteYes }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.kb.held('return-hoodie')).toBeUndefined();
    await waitFor(() => expect(document.querySelector('[data-entry=return-hoodie]')).toBeNull());
    await waitFor(() => expect(document.activeElement?.id).toBe('entries-done'));
    expect(document.activeElement?.textContent).toBe(en.done.deleted('return-hoodie'));
  });

  it('lets a proposal’s phrasing be reworded before it is approved', async () => {
    const proposal: KbProposal = {
      id: 'lq_1',
      kind: 'entry',
      language: 'zh',
      count: 2,
      conversations: 2,
      questions: [
        { text: '能寄到香港吗', count: 1 },
        { text: '香港可以寄吗亲', count: 1 },
      ],
      answer: '可以，顺丰 3 天到',
      misses: { refused: 2, suggested: 0, not_helpful: 0 },
      firstAt: 1,
      lastAt: 2,
    };
    const { calls } = setup('en', [proposal]);
    const card = await screen.findByRole('listitem', { name: '能寄到香港吗' });
    fireEvent.click(within(card).getByRole('button', { name: en.editPhrasing('香港可以寄吗亲') }));
    const wording = within(card).getByRole('textbox', { name: en.phrasingText(2) });
    await waitFor(() => expect(document.activeElement).toBe(wording));
    fireEvent.input(wording, { target: { value: '香港可以寄吗' } });
    fireEvent.keyDown(wording, { key: 'Enter' });
    expect(within(card).getByRole('checkbox', { name: /香港可以寄吗/ })).toBeTruthy();
    fireEvent.click(within(card).getByRole('button', { name: en.approve }));
    await waitFor(() => expect(calls('decideProposal')).toHaveLength(1));
    expect(calls('decideProposal')[0]?.[1]).toMatchObject({ questions: ['能寄到香港吗', '香港可以寄吗'] });
  });
});

describe('refusedField', () => {
  it.each([
    ['invalid entry: entry.question: may not be blank', { name: 'question' }],
    ['entry.answer: too long (at most 4000)', { name: 'answer' }],
    ['invalid entry: entry.alternatives.3: may not be blank', { name: 'alternatives', index: 3 }],
    [
      'Invalid knowledge base (1 problem):\n  - entry "x" entries[4].alternatives[1]: must be …',
      { name: 'alternatives', index: 1 },
    ],
    ['the hub could not handle this frame', undefined],
  ])('reads the field out of %j', (message, field) => {
    expect(refusedField(message)).toEqual(field);
  });
});
