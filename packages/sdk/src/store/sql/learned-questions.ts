import type { LearnedQuestion, LearnedQuestionStore } from '../learned-questions.ts';
import type { SqlContext } from './sql-context.ts';

interface LearnedQuestionRow {
  id: string;
  conversation_id: string;
  question_seq: number;
  question: string;
  answer: string;
  language: LearnedQuestion['language'];
  miss: LearnedQuestion['miss'];
  entry_id: string | null;
  created_at: string | number;
  status: LearnedQuestion['status'];
  decided_at: string | number | null;
}

const COLUMNS =
  'id, conversation_id, question_seq, question, answer, language, miss, entry_id, created_at, status, decided_at';

/** Learned questions: one row per missed shopper question an agent answered. */
export function sqlLearnedQuestions({ db, s }: SqlContext): LearnedQuestionStore {
  return {
    async putLearnedQuestion(q) {
      // A decided row keeps its answer: the update is skipped and the row read back below.
      const { rows } = await db.query<LearnedQuestionRow>(
        `INSERT INTO ${s}.learned_questions
           (id, conversation_id, question_seq, question, answer, language, miss, entry_id, created_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending')
         ON CONFLICT (conversation_id, question_seq) DO UPDATE SET answer = EXCLUDED.answer
           WHERE ${s}.learned_questions.status = 'pending'
         RETURNING ${COLUMNS}`,
        [
          q.id,
          q.conversationId,
          q.questionSeq,
          q.question,
          q.answer,
          q.language,
          q.miss,
          q.entryId ?? null,
          q.createdAt,
        ],
      );
      if (rows[0]) return fromRow(rows[0]);
      const stored = await db.query<LearnedQuestionRow>(
        `SELECT ${COLUMNS} FROM ${s}.learned_questions WHERE conversation_id = $1 AND question_seq = $2`,
        [q.conversationId, q.questionSeq],
      );
      return fromRow(stored.rows[0]!);
    },
    async listLearnedQuestions(filter = {}) {
      const { rows } = await db.query<LearnedQuestionRow>(
        `SELECT ${COLUMNS} FROM (
           SELECT ${COLUMNS}, pos FROM ${s}.learned_questions
           WHERE ($1::text IS NULL OR status = $1)
           ORDER BY created_at DESC, pos DESC
           LIMIT $2
         ) newest ORDER BY created_at, pos`,
        [filter.status ?? null, filter.limit ?? null],
      );
      return rows.map(fromRow);
    },
    async decideLearnedQuestions(ids, status, at) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<{ id: string }>(
        `UPDATE ${s}.learned_questions SET status = $2, decided_at = $3
         WHERE id = ANY($1::text[]) AND status = 'pending' RETURNING id`,
        [[...ids], status, at],
      );
      return rows.map((r) => r.id);
    },
  };
}

function fromRow(r: LearnedQuestionRow): LearnedQuestion {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    questionSeq: Number(r.question_seq),
    question: r.question,
    answer: r.answer,
    language: r.language,
    miss: r.miss,
    ...(r.entry_id === null ? {} : { entryId: r.entry_id }),
    createdAt: Number(r.created_at),
    status: r.status,
    ...(r.decided_at === null ? {} : { decidedAt: Number(r.decided_at) }),
  };
}
