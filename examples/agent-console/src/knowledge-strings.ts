/** The knowledge page's words, in the console's two languages. */
export interface KnowledgeStrings {
  nav: string;
  title: string;
  intro: string;
  refresh: string;
  /** The hub has no knowledge base it edits: none, or one file per language (edited as files). */
  noKnowledgeBase: string;
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
  /** The findings table's column names, in order. */
  findingColumns: { severity: string; kind: string; entries: string; detail: string; edit: string };
  /** The entries section and its editor. */
  entries: string;
  entriesIntro: string;
  search: string;
  searchButton: string;
  addEntry: string;
  noEntries: string;
  entriesShown: (shown: number, total: number) => string;
  /** A search's result when every match is shown. */
  entriesFound: (n: number) => string;
  alternativesCount: (n: number) => string;
  /** A button's accessible name: open this entry in the editor. */
  edit: (what: string) => string;
  editorTitle: (id: string) => string;
  newEntryTitle: string;
  fieldId: string;
  idHelp: string;
  fieldQuestion: string;
  fieldAlternatives: string;
  alternative: (n: number) => string;
  addAlternative: string;
  removeAlternative: (n: number) => string;
  fieldAnswer: string;
  fieldLocale: string;
  localeHelp: string;
  save: string;
  saving: string;
  close: string;
  deleteEntry: string;
  confirmDelete: string;
  deleteYes: string;
  keep: string;
  done: Record<'saved' | 'created' | 'deleted', (id: string) => string>;
  /** Why the hub refused a save or delete, in the page's words (its own are English). */
  entryRefused: { gone: string; changed: string; idTaken: string };
  saveAsNew: string;
  reload: string;
  /** A field the hub (or the editor, before sending) found wrong. */
  invalidField: (field: string) => string;
  blankField: (field: string) => string;
  badId: string;
  /** Phrasings of a proposal: change the wording before approving. */
  editPhrasing: (text: string) => string;
  phrasingText: (n: number) => string;
}

const zh: KnowledgeStrings = {
  nav: '知识库',
  title: '知识库',
  intro: '机器人没答上、由客服回答了的问题，和知识库体检的结果。',
  refresh: '刷新',
  noKnowledgeBase:
    '这个 hub 没有可以在这里编辑的知识库：它没有配置知识库，或者每种语言一个知识库文件（请直接编辑这些文件，hub 会自动重新加载）。',
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
  findingColumns: { severity: '级别', kind: '问题', entries: '条目', detail: '说明', edit: '修改' },
  entries: '条目',
  entriesIntro: '查找、修改、新建或删除知识库条目。保存后机器人立刻按新内容回答。',
  search: '搜索条目（ID、问题、问法或答案）',
  searchButton: '搜索',
  addEntry: '添加条目',
  noEntries: '没有匹配的条目。',
  entriesShown: (shown, total) => `显示 ${shown} / ${total} 个条目`,
  entriesFound: (n) => `找到 ${n} 个条目`,
  alternativesCount: (n) => `${n} 个相似问法`,
  edit: (what) => `编辑 ${what}`,
  editorTitle: (id) => `编辑条目 ${id}`,
  newEntryTitle: '新条目',
  fieldId: 'ID',
  idHelp: '字母、数字和 _.:-，以字母或数字开头，如 ship-hk',
  fieldQuestion: '主问题',
  fieldAlternatives: '相似问法',
  alternative: (n) => `相似问法 ${n}`,
  addAlternative: '添加问法',
  removeAlternative: (n) => `删除相似问法 ${n}`,
  fieldAnswer: '答案',
  fieldLocale: '语言',
  localeHelp: '留空表示与知识库相同，如 zh-CN、en',
  save: '保存',
  saving: '正在保存…',
  close: '关闭',
  deleteEntry: '删除条目',
  confirmDelete: '确定删除吗？删除后顾客再问，机器人将不再用它回答。',
  deleteYes: '确定删除',
  keep: '保留',
  done: {
    saved: (id) => `已保存 ${id}，机器人现在就会这样回答。`,
    created: (id) => `已新建 ${id}，机器人现在就会这样回答。`,
    deleted: (id) => `已删除 ${id}。`,
  },
  entryRefused: {
    gone: '这个条目已被删除（可能是其他主管刚删的）。可以把这里的内容另存为新条目，或关闭。',
    changed: '其他人刚修改了这个条目。重新载入可看到他们的修改（这里未保存的修改会丢失）。',
    idTaken: '已有这个 ID 的条目：请换一个 ID，或在列表里打开那个条目修改。',
  },
  saveAsNew: '另存为新条目',
  reload: '重新载入',
  invalidField: (field) => `「${field}」不符合要求（为空、太长或含不允许的字符），请修改后再保存。`,
  blankField: (field) => `请填写「${field}」。`,
  badId: 'ID 只能用字母、数字和 _.:-，并以字母或数字开头。',
  editPhrasing: (text) => `修改问法「${text}」`,
  phrasingText: (n) => `问法 ${n} 的文字`,
};

const en: KnowledgeStrings = {
  nav: 'Knowledge',
  title: 'Knowledge base',
  intro: 'Questions the bot missed and agents answered, and the knowledge-base check-up.',
  refresh: 'Refresh',
  noKnowledgeBase:
    'There is no knowledge base to edit on this hub: it has none, or one knowledge-base file per language (edit those files; the hub reloads them).',
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
  findingColumns: {
    severity: 'Severity',
    kind: 'Finding',
    entries: 'Entries',
    detail: 'Details',
    edit: 'Edit',
  },
  entries: 'Entries',
  entriesIntro:
    'Find, edit, add or delete knowledge-base entries. Once saved, the bot answers with them at once.',
  search: 'Search entries (id, question, phrasings or answer)',
  searchButton: 'Search',
  addEntry: 'Add an entry',
  noEntries: 'No entries match.',
  entriesShown: (shown, total) => `Showing ${shown} of ${count(total, 'entry', 'entries')}`,
  entriesFound: (n) => `${count(n, 'entry', 'entries')} found`,
  alternativesCount: (n) => count(n, 'phrasing'),
  edit: (what) => `Edit ${what}`,
  editorTitle: (id) => `Edit entry ${id}`,
  newEntryTitle: 'New entry',
  fieldId: 'Id',
  idHelp: 'Letters, digits and _.:-, starting with a letter or digit, e.g. ship-hk',
  fieldQuestion: 'Main question',
  fieldAlternatives: 'Other phrasings',
  alternative: (n) => `Phrasing ${n}`,
  addAlternative: 'Add a phrasing',
  removeAlternative: (n) => `Remove phrasing ${n}`,
  fieldAnswer: 'Answer',
  fieldLocale: 'Language',
  localeHelp: "Empty: the knowledge base's own; e.g. zh-CN, en",
  save: 'Save',
  saving: 'Saving…',
  close: 'Close',
  deleteEntry: 'Delete entry',
  confirmDelete: 'Delete it? Shoppers asking this will no longer get its answer from the bot.',
  deleteYes: 'Yes, delete',
  keep: 'Keep',
  done: {
    saved: (id) => `Saved ${id}: the bot answers with it from now on.`,
    created: (id) => `Added ${id}: the bot answers with it from now on.`,
    deleted: (id) => `Deleted ${id}.`,
  },
  entryRefused: {
    gone: 'This entry was deleted meanwhile (by another supervisor, perhaps). Save what is here as a new entry, or close.',
    changed:
      'Someone changed this entry meanwhile. Reload to see their change (what you changed here is lost).',
    idTaken: 'An entry with this id exists: choose another id, or open that entry from the list.',
  },
  saveAsNew: 'Save as a new entry',
  reload: 'Reload',
  invalidField: (field) =>
    `“${field}” is not accepted (empty, too long, or with characters not allowed): fix it and save again.`,
  blankField: (field) => `Fill in “${field}”.`,
  badId: 'The id may hold letters, digits and _.:- only, starting with a letter or digit.',
  editPhrasing: (text) => `Edit the phrasing “${text}”`,
  phrasingText: (n) => `Wording of phrasing ${n}`,
};

/** `1 group`, `2 groups`: a count with its English noun. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function pct(score: number): string {
  return `${Math.round(score * 100)}%`;
}

export const KNOWLEDGE_STRINGS = { zh, en } as const;
