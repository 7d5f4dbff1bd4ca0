/** The knowledge page's words, in the console's two languages. */
export interface KnowledgeStrings {
  nav: string;
  title: string;
  intro: string;
  refresh: string;
  learn: string;
  learnIntro: string;
  noProposals: string;
  shownOf: (shown: number, total: number) => string;
  asked: (count: number, conversations: number) => string;
  misses: (refused: number, suggested: number, notHelpful: number) => string;
  asAlternate: string;
  asAlternateOf: (question: string) => string;
  because: (by: 'answer' | 'ranking', score: number) => string;
  asEntry: string;
  questions: string;
  answer: string;
  /** The agents' answer while "as phrasings of X" is chosen: approving does not keep it. */
  answerNotKept: string;
  /** What approving "as phrasings of X" does: the bot answers with X's own answer. */
  alternateEffect: (question: string) => string;
  /** The same, when the entry's answer is shown below it. */
  alternateAnswerEffect: string;
  /** The label of X's own answer, shown read-only while "as phrasings of X" is chosen. */
  botAnswerOf: (question: string) => string;
  entryAnswer: string;
  approve: string;
  reject: string;
  approved: string;
  rejected: string;
  /**
   * Why a decision was refused, where the console's own sentences (about conversations) would
   * mislead: the proposal or its entry is gone, or another supervisor decided it meanwhile.
   */
  refused: { not_found: string; conflict: string };
  doctor: string;
  doctorSummary: (entries: number, flagged: number) => string;
  noFindings: string;
  severity: Record<'error' | 'warning' | 'info', string>;
  kind: Record<string, string>;
  collides: (phrasing: string, other: string) => string;
  reaches: (phrasing: string, entryId: string) => string;
  /** A phrasing the engine would not answer outright (or one crowded by another entry). */
  needsAlternate: (phrasing: string) => string;
  /** A phrasing two entries both carry (the other is in the id column). */
  samePhrasing: (phrasing: string) => string;
  /** Two entries with the same answer. */
  sameAnswer: string;
  moreFindings: (total: number) => string;
}

const zh: KnowledgeStrings = {
  nav: '知识库',
  title: '知识库',
  intro: '机器人没答上、由客服回答了的问题，和知识库体检的结果。',
  refresh: '刷新',
  learn: '学习',
  learnIntro: '顾客问过、机器人没答好、客服答了的问题，相似的归为一组。通过后机器人立刻就会回答。',
  noProposals: '暂时没有待学习的问题。',
  shownOf: (shown, total) => `显示 ${shown} / ${total} 组`,
  asked: (count, conversations) => `被问 ${count} 次 · ${conversations} 个会话`,
  misses: (refused, suggested, notHelpful) =>
    [
      refused ? `机器人 ${refused} 次未能回答` : '',
      suggested ? `${suggested} 次推荐未被采纳` : '',
      notHelpful ? `${notHelpful} 次答案没帮助` : '',
    ]
      .filter(Boolean)
      .join(' · '),
  asAlternate: '加为已有条目的相似问法',
  asAlternateOf: (question) => `加为「${question}」的相似问法`,
  because: (by, score) =>
    by === 'answer' ? `客服的回答与它一致（${pct(score)}）` : `机器人把它排第一（${pct(score)}）`,
  asEntry: '新建条目',
  questions: '问法',
  answer: '客服的回答',
  answerNotKept: '客服的回答（选此项时不会保存）',
  alternateEffect: (question) =>
    `通过后，顾客再这样问时，机器人会回答「${question}」现有的答案，而不是下面客服的回答。两者说的不是一回事时，请选「新建条目」。`,
  alternateAnswerEffect:
    '通过后，顾客再这样问时，机器人会给出下面这条现有的答案，而不是客服的回答。两者说的不是一回事时，请选「新建条目」。',
  botAnswerOf: (question) => `机器人会回答（「${question}」现有的答案）`,
  entryAnswer: '新条目的答案',
  approve: '通过',
  reject: '忽略',
  approved: '已加入知识库，机器人现在就会回答。',
  rejected: '已忽略。',
  refused: {
    not_found: '这条建议或它要加入的条目已不存在（可能刚被删除或处理），列表已按现状刷新。',
    conflict: '这条建议已由其他主管处理，列表已按现状刷新。',
  },
  doctor: '体检',
  doctorSummary: (entries, flagged) => `${entries} 个条目，${flagged} 个有问题`,
  noFindings: '没有发现问题。',
  severity: { error: '错误', warning: '警告', info: '建议' },
  kind: {
    empty: '空内容',
    duplicate_id: 'ID 重复',
    duplicate_phrasing: '问法重复',
    duplicate_answer: '答案重复',
    markup_in_answer: '含 HTML 或 Markdown',
    unreachable: '无法命中',
    confusable: '容易混淆',
    needs_alternate: '建议增加问法',
  },
  collides: (phrasing, other) => `「${phrasing}」与「${other}」`,
  reaches: (phrasing, entryId) => `「${phrasing}」命中了 ${entryId}`,
  needsAlternate: (phrasing) => `机器人对「${phrasing}」把握不足，不会直接回答；请按顾客的说法增加相似问法`,
  samePhrasing: (phrasing) => `两个条目都有问法「${phrasing}」，机器人分不清问的是哪一个`,
  sameAnswer: '两个条目的答案相同：请合并，把问题加为相似问法',
  moreFindings: (total) => `共 ${total} 条，仅显示前面的部分`,
};

const en: KnowledgeStrings = {
  nav: 'Knowledge',
  title: 'Knowledge base',
  intro: 'Questions the bot missed and agents answered, and the knowledge-base check-up.',
  refresh: 'Refresh',
  learn: 'Learn',
  learnIntro:
    'Questions shoppers asked that the bot missed and an agent answered, similar ones grouped. Once approved, the bot answers them at once.',
  noProposals: 'Nothing to learn right now.',
  shownOf: (shown, total) => `Showing ${shown} of ${count(total, 'group')}`,
  asked: (times, conversations) => `Asked ${count(times, 'time')} · ${count(conversations, 'conversation')}`,
  misses: (refused, suggested, notHelpful) =>
    [
      // "not answered" read as "no agent answered", on a card of questions agents did answer.
      refused ? `the bot could not answer ${count(refused, 'time')}` : '',
      suggested ? `${count(suggested, 'suggestion')} not taken` : '',
      notHelpful ? `${count(notHelpful, 'answer')} not helpful` : '',
    ]
      .filter(Boolean)
      .join(' · '),
  asAlternate: 'Add as phrasings of an existing entry',
  asAlternateOf: (question) => `Add as phrasings of “${question}”`,
  because: (by, score) =>
    by === 'answer' ? `agents answered as it does (${pct(score)})` : `the bot ranks it first (${pct(score)})`,
  asEntry: 'New entry',
  questions: 'Phrasings',
  answer: "Agent's answer",
  answerNotKept: "Agent's answer (not kept with this choice)",
  alternateEffect: (question) =>
    `Once approved, the bot answers these phrasings with the existing answer of “${question}”, not with the agent's answer below. If they are about different things, choose New entry.`,
  alternateAnswerEffect:
    "Once approved, the bot answers these phrasings with the existing answer below, not with the agent's answer. If they are about different things, choose New entry.",
  botAnswerOf: (question) => `The bot will answer (the existing answer of “${question}”)`,
  entryAnswer: "The new entry's answer",
  approve: 'Approve',
  reject: 'Reject',
  approved: 'Added to the knowledge base: the bot answers it from now on.',
  rejected: 'Rejected.',
  refused: {
    not_found:
      'This proposal, or the entry it would add to, no longer exists (just deleted or decided); the list now shows what is left.',
    conflict: 'Another supervisor decided this proposal meanwhile; the list now shows what is left.',
  },
  doctor: 'Check-up',
  doctorSummary: (entries, flagged) => `${count(entries, 'entry', 'entries')}, ${flagged} with findings`,
  noFindings: 'Nothing found.',
  severity: { error: 'Error', warning: 'Warning', info: 'Tip' },
  kind: {
    empty: 'Empty',
    duplicate_id: 'Duplicate id',
    duplicate_phrasing: 'Duplicate phrasing',
    duplicate_answer: 'Duplicate answer',
    markup_in_answer: 'HTML or Markdown',
    unreachable: 'Unreachable',
    confusable: 'Confusable',
    needs_alternate: 'Add phrasings',
  },
  collides: (phrasing, other) => `“${phrasing}” vs “${other}”`,
  reaches: (phrasing, entryId) => `“${phrasing}” reaches ${entryId}`,
  needsAlternate: (phrasing) =>
    `The bot is not sure enough to answer “${phrasing}” outright: add phrasings the way shoppers ask it`,
  samePhrasing: (phrasing) => `Both entries have “${phrasing}”: the bot cannot tell which one is meant`,
  sameAnswer: 'Both entries have the same answer: merge them, with the questions as phrasings',
  moreFindings: (total) => `${total} in all; the first ones are shown`,
};

/** `1 group`, `2 groups`: a count with its English noun. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function pct(score: number): string {
  return `${Math.round(score * 100)}%`;
}

export const KNOWLEDGE_STRINGS = { zh, en } as const;
