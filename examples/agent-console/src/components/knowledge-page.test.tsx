import { type KbFinding, type KbProposal, KefuError } from '@kefu/protocol';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { createKnowledgeState } from '../knowledge-state.ts';
import { KNOWLEDGE_STRINGS } from '../knowledge-strings.ts';
import { STRINGS } from '../strings.ts';
import { createFakeClient } from '../testing/fake-client.ts';
import { KnowledgePage } from './knowledge-page.tsx';

afterEach(cleanup);
const en = KNOWLEDGE_STRINGS.en;

const proposal = (id: string, extra: Partial<KbProposal> = {}): KbProposal => ({
  id,
  kind: 'entry',
  language: 'zh',
  count: 3,
  conversations: 2,
  questions: [
    { text: '能寄到香港吗', count: 2 },
    { text: '香港能寄吗', count: 1 },
  ],
  answer: '可以，顺丰 3 天到',
  misses: { refused: 2, suggested: 1, not_helpful: 0 },
  firstAt: 1,
  lastAt: 2,
  ...extra,
});

function setup(proposals: KbProposal[], more: KbFinding[] = [], lang: 'zh' | 'en' = 'en') {
  let waiting = proposals;
  const fake = createFakeClient({
    profile: { id: 'boss', supervisor: true },
    knowledge: {
      proposals: () => waiting,
      check: () => ({
        entries: 7,
        entriesWithFindings: 2,
        total: 2,
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
          {
            kind: 'empty',
            severity: 'error',
            entryId: 'blank',
            message: 'entries[3].answer has nothing to match on',
          },
          ...more,
        ],
      }),
    },
  });
  const knowledge = createKnowledgeState(fake.client);
  render(<KnowledgePage knowledge={knowledge} lang={lang} />);
  const decisions = () => fake.calls.filter((c) => c.method === 'decideProposal').map((c) => c.args);
  return {
    fake,
    decisions,
    drop: (id: string) => (waiting = waiting.filter((p) => p.id !== id)),
    set: (next: KbProposal[]) => (waiting = next),
  };
}

describe('knowledge page', () => {
  it('lists groups with their counts and example questions, and the doctor’s findings with the colliding phrasings', async () => {
    setup([
      proposal('lq_1'),
      proposal('lq_2', { count: 1, conversations: 1, questions: [{ text: '有礼品卡吗', count: 1 }] }),
    ]);
    const first = await screen.findByRole('listitem', { name: '能寄到香港吗' });
    expect(within(first).getByText(en.asked(3, 2))).toBeTruthy();
    expect(within(first).getByRole('checkbox', { name: /香港能寄吗/ })).toBeTruthy();
    expect(within(first).getByText(en.misses(2, 1, 0))).toBeTruthy();
    expect(screen.getByRole('listitem', { name: '有礼品卡吗' })).toBeTruthy();
    const confusable = document.querySelector('tr[data-kind=confusable]') as HTMLElement;
    expect(confusable.textContent).toContain(en.collides('耳机拆封后还能退货吗？', '卫衣拆封后还能退货吗？'));
    expect(confusable.textContent).toContain('return-hoodie');
    expect(screen.getByText(en.doctorSummary(7, 2))).toBeTruthy();
  });

  it('reads the doctor’s findings as a table named by its heading, each cell under its column’s name', async () => {
    // Without them a screen reader read out 「警告」「容易混淆」… in a table with no name, its columns unnamed.
    setup([]);
    const table = await screen.findByRole('table', { name: en.doctor });
    const columns = within(table)
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(columns).toEqual(Object.values(en.findingColumns));
  });

  it('shows the shoppers’ questions without bidi controls, and approves them as they were asked', async () => {
    // U+202E made 「退款到我卡上」 draw backwards: the supervisor approved a phrasing they never read.
    const asked = '怎么退款\u202E上卡我到';
    const { decisions } = setup([proposal('lq_1', { questions: [{ text: asked, count: 2 }] })]);
    const card = await screen.findByRole('listitem', { name: '怎么退款上卡我到' });
    expect(card.textContent).not.toMatch(/\u202E/);
    fireEvent.click(within(card).getByRole('button', { name: en.approve }));
    await waitFor(() => expect(decisions()).toHaveLength(1));
    expect(decisions()[0]?.[1]).toMatchObject({ questions: [asked] });
  });

  it('approves a new entry with an edited answer and without a phrasing left out, then shows what is left', async () => {
    const { decisions, drop } = setup([
      proposal('lq_1'),
      proposal('lq_2', { questions: [{ text: '有礼品卡吗', count: 1 }] }),
    ]);
    const card = await screen.findByRole('listitem', { name: '能寄到香港吗' });
    fireEvent.click(within(card).getByRole('checkbox', { name: /香港能寄吗/ }));
    fireEvent.input(within(card).getByRole('textbox', { name: en.entryAnswer }), {
      target: { value: '可以寄到香港，顺丰 3 天送达' },
    });
    drop('lq_1');
    fireEvent.click(within(card).getByRole('button', { name: en.approve }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: '能寄到香港吗' })).toBeNull());
    expect(decisions()).toEqual([
      [
        'lq_1',
        {
          verdict: 'approve',
          kind: 'entry',
          questions: ['能寄到香港吗'],
          answer: '可以寄到香港，顺丰 3 天送达',
        },
      ],
    ]);
    expect(within(screen.getByRole('region', { name: en.learn })).getByRole('status').textContent).toBe(
      en.approved,
    );
    expect(screen.getByRole('listitem', { name: '有礼品卡吗' })).toBeTruthy();
  });

  it('approves as phrasings of the proposed entry, or rejects', async () => {
    const target = {
      entryId: 'shipping-fee',
      question: '运费怎么算？',
      answer: '内地满 99 元包邮，港澳台运费 30 元。',
      by: 'ranking' as const,
      score: 0.7,
    };
    const { decisions } = setup([
      proposal('lq_1', { kind: 'alternate', target }),
      proposal('lq_2', { questions: [{ text: '有礼品卡吗', count: 1 }] }),
    ]);
    const card = await screen.findByRole('listitem', { name: '能寄到香港吗' });
    expect(
      within(card).getByRole('radio', { name: new RegExp(en.asAlternateOf('运费怎么算？')) }),
    ).toHaveProperty('checked', true);
    // What approving does: the bot gives the entry's answer, not the agent's, and that answer is shown.
    expect(within(card).getByText(en.alternateAnswerEffect)).toBeTruthy();
    const botAnswer = within(card).getByRole('textbox', { name: en.botAnswerOf('运费怎么算？') });
    expect(botAnswer).toHaveProperty('value', '内地满 99 元包邮，港澳台运费 30 元。');
    expect(botAnswer).toHaveProperty('readOnly', true);
    expect(within(card).getByRole('textbox', { name: en.answerNotKept })).toHaveProperty('readOnly', true);
    fireEvent.click(within(card).getByRole('button', { name: en.approve }));
    await waitFor(() => expect(decisions()).toHaveLength(1));
    expect(decisions()[0]).toEqual([
      'lq_1',
      {
        verdict: 'approve',
        kind: 'alternate',
        questions: ['能寄到香港吗', '香港能寄吗'],
        entryId: 'shipping-fee',
      },
    ]);
    const other = screen.getByRole('listitem', { name: '有礼品卡吗' });
    fireEvent.click(within(other).getByRole('button', { name: en.reject }));
    await waitFor(() => expect(decisions()).toHaveLength(2));
    expect(decisions()[1]).toEqual(['lq_2', { verdict: 'reject' }]);
  });

  it('moves focus to the next card after a decision from the keyboard, and to the result after the last', async () => {
    const { drop } = setup([
      proposal('lq_1'),
      proposal('lq_2', { questions: [{ text: '有礼品卡吗', count: 1 }] }),
    ]);
    const card = await screen.findByRole('listitem', { name: '能寄到香港吗' });
    within(card).getByRole('button', { name: en.reject }).focus();
    drop('lq_1');
    fireEvent.click(within(card).getByRole('button', { name: en.reject }));
    // The card and the button that had focus are gone: focus went to <body>, the page's start.
    const next = screen.getByRole('listitem', { name: '有礼品卡吗' });
    await waitFor(() => expect(document.activeElement).toBe(within(next).getByRole('checkbox')));
    within(next).getByRole('button', { name: en.reject }).focus();
    drop('lq_2');
    fireEvent.click(within(next).getByRole('button', { name: en.reject }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe(en.rejected));
  });

  it('says why a decision was refused in Chinese on a Chinese page, not in the hub’s English', async () => {
    const { fake } = setup([proposal('lq_1')], [], 'zh');
    fake.client.decideProposal = () => Promise.reject(new KefuError('forbidden', 'supervisors only'));
    const card = await screen.findByRole('listitem', { name: '能寄到香港吗' });
    fireEvent.click(within(card).getByRole('button', { name: KNOWLEDGE_STRINGS.zh.reject }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(STRINGS.zh.actionRefused.forbidden);
  });

  it('after a refused decision (its entry deleted, decided by another supervisor) says so and shows the list as it is now', async () => {
    const target = { entryId: 'hk', question: '能寄香港吗', answer: '可以', by: 'answer' as const, score: 1 };
    const { fake, set } = setup([proposal('lq_1', { kind: 'alternate', target })], [], 'zh');
    const zh = KNOWLEDGE_STRINGS.zh;
    // Meanwhile the entry was deleted: the hub proposes the same group as a new entry instead.
    fake.client.decideProposal = () => {
      set([proposal('lq_1')]);
      return Promise.reject(new KefuError('not_found', 'no entry hk'));
    };
    const card = await screen.findByRole('listitem', { name: '能寄到香港吗' });
    fireEvent.click(within(card).getByRole('button', { name: zh.approve }));
    const alert = await screen.findByRole('alert');
    // Not the conversation's "会话或客服不存在" from the inbox's sentences.
    expect(alert.textContent).toBe(zh.refused.not_found);
    // The card is drawn afresh: "new entry" chosen, its answer editable, nothing of the gone entry.
    const fresh = () => screen.getByRole('listitem', { name: '能寄到香港吗' });
    await waitFor(() =>
      expect(within(fresh()).getByRole('radio', { name: zh.asEntry })).toHaveProperty('checked', true),
    );
    expect(within(fresh()).queryByText(zh.asAlternateOf(target.question))).toBeNull();
    expect(within(fresh()).getByRole('textbox', { name: zh.entryAnswer })).toHaveProperty('readOnly', false);
  });

  it('says a proposal another supervisor decided meanwhile was decided, not that a conversation was taken', async () => {
    const { fake } = setup([proposal('lq_2')], [], 'zh');
    fake.client.decideProposal = () => Promise.reject(new KefuError('conflict', 'lq_2 was approved already'));
    const card = await screen.findByRole('listitem', { name: '能寄到香港吗' });
    fireEvent.click(within(card).getByRole('button', { name: KNOWLEDGE_STRINGS.zh.reject }));
    expect((await screen.findByRole('alert')).textContent).toBe(KNOWLEDGE_STRINGS.zh.refused.conflict);
  });

  it('defaults to a new entry with the agent’s answer when the entry is only a guess', async () => {
    const target = {
      entryId: 'shrink-fade',
      question: '衣服会缩水、掉色吗？',
      by: 'ranking' as const,
      score: 0.83,
    };
    const answer = '羊毛混纺，摩擦处可能轻微起球，建议翻面手洗。';
    const { decisions } = setup([
      proposal('lq_1', { questions: [{ text: '这件开衫洗了会不会起球啊', count: 1 }], answer, target }),
    ]);
    const card = await screen.findByRole('listitem', { name: '这件开衫洗了会不会起球啊' });
    const alternate = within(card).getByRole('radio', {
      name: new RegExp(en.asAlternateOf('衣服会缩水、掉色吗？')),
    });
    expect(alternate).toHaveProperty('checked', false);
    expect(within(card).getByRole('radio', { name: en.asEntry })).toHaveProperty('checked', true);
    expect(within(card).queryByText(en.alternateEffect('衣服会缩水、掉色吗？'))).toBeNull();
    expect(within(card).queryByText(en.alternateAnswerEffect)).toBeNull();
    expect(within(card).getByRole('textbox', { name: en.entryAnswer })).toHaveProperty('value', answer);
    fireEvent.click(within(card).getByRole('button', { name: en.approve }));
    await waitFor(() => expect(decisions()).toHaveLength(1));
    expect(decisions()[0]).toEqual([
      'lq_1',
      { verdict: 'approve', kind: 'entry', questions: ['这件开衫洗了会不会起球啊'], answer },
    ]);
  });

  it('shows the doctor’s suggestions in the console’s language, not the hub’s English message', async () => {
    setup(
      [],
      [
        {
          kind: 'needs_alternate',
          severity: 'info',
          entryId: 'shrink-fade',
          phrasing: '掉不掉色',
          message:
            'the engine is not sure enough to answer "掉不掉色" outright; add alternates the way shoppers ask it',
        },
      ],
      'zh',
    );
    await screen.findByText(KNOWLEDGE_STRINGS.zh.noProposals);
    const row = document.querySelector('tr[data-kind=needs_alternate]') as HTMLElement;
    expect(row.textContent).toContain(KNOWLEDGE_STRINGS.zh.needsAlternate('掉不掉色'));
    expect(row.textContent).not.toContain('the engine');
  });

  it('says when there is nothing to learn', async () => {
    setup([]);
    expect(await screen.findByText(en.noProposals)).toBeTruthy();
  });
});
