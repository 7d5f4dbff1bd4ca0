import type { LearnedQuestion, LearnedQuestionStore } from './learned-questions.ts';

/**
 * The memory store's learned questions (spread into `createMemoryStore`), with `forgetConversation`
 * for its erasure. Copies go in and out.
 * @example
 * const { forgetConversation, ...learned } = memoryLearnedQuestions();
 */
export function memoryLearnedQuestions(): LearnedQuestionStore & { forgetConversation(id: string): void } {
  // Insertion order is creation order for equal times, as the SQL store's `pos` column.
  const rows = new Map<string, LearnedQuestion>();
  const key = (conversationId: string, seq: number) => `${conversationId}\u0000${seq}`;
  return {
    async putLearnedQuestion(question) {
      const k = key(question.conversationId, question.questionSeq);
      const found = rows.get(k);
      if (!found) rows.set(k, { ...question, status: 'pending' });
      else if (found.status === 'pending') found.answer = question.answer;
      return { ...rows.get(k)! };
    },
    async listLearnedQuestions(filter = {}) {
      const all = [...rows.values()]
        .filter((q) => filter.status === undefined || q.status === filter.status)
        .map((q, pos) => ({ q, pos }))
        .sort((a, b) => a.q.createdAt - b.q.createdAt || a.pos - b.pos)
        .map(({ q }) => ({ ...q }));
      return filter.limit === undefined ? all : all.slice(Math.max(0, all.length - filter.limit));
    },
    async decideLearnedQuestions(ids, status, at) {
      const wanted = new Set(ids);
      const changed: string[] = [];
      for (const q of rows.values()) {
        if (!wanted.has(q.id) || q.status !== 'pending') continue;
        q.status = status;
        q.decidedAt = at;
        changed.push(q.id);
      }
      return changed;
    },
    forgetConversation(id) {
      for (const [k, q] of rows) if (q.conversationId === id) rows.delete(k);
    },
  };
}
