/** How the bot missed a question an agent then answered. */
export type QuestionMiss =
  /** The bot handed over or declined (a person, or "outside what we answer"). */
  | 'refused'
  /** The bot offered "did you mean" and the shopper took none of it. */
  | 'suggested'
  /** The bot answered and the shopper marked the answer "not helpful". */
  | 'not_helpful';

export type LearnedQuestionStatus = 'pending' | 'approved' | 'rejected';

/**
 * A shopper's question the bot missed and an agent then answered in the same conversation: what
 * knowledge proposals are grouped from (see `learning/`). It holds the shopper's words, so erasing
 * the conversation deletes it.
 */
export interface LearnedQuestion {
  id: string;
  conversationId: string;
  /** The seq of the shopper's message: one record per question, so a later reply extends its answer. */
  questionSeq: number;
  question: string;
  /** The agent's text replies to the question, in order, one per line. */
  answer: string;
  language: 'zh' | 'en';
  miss: QuestionMiss;
  /** The entry the bot answered with, when that answer was marked not helpful. */
  entryId?: string;
  createdAt: number;
  status: LearnedQuestionStatus;
  /** When a supervisor approved or rejected the proposal it was part of. */
  decidedAt?: number;
}

export type NewLearnedQuestion = Omit<LearnedQuestion, 'status' | 'decidedAt'>;

/** The learned-question part of the {@link Store}. */
export interface LearnedQuestionStore {
  /**
   * Stores a pending question, or, when one with its (conversationId, questionSeq) is stored and
   * still pending, replaces that one's answer (the agent wrote more). A decided one stays as it is.
   * Returns what is stored.
   */
  putLearnedQuestion(question: NewLearnedQuestion): Promise<LearnedQuestion>;
  /** The newest `limit` (default all) with this status (default any), oldest first. */
  listLearnedQuestions(filter?: {
    status?: LearnedQuestionStatus;
    limit?: number;
  }): Promise<LearnedQuestion[]>;
  /** Marks those of `ids` still pending as decided at `at`; returns the ids it changed. */
  decideLearnedQuestions(
    ids: readonly string[],
    status: Exclude<LearnedQuestionStatus, 'pending'>,
    at: number,
  ): Promise<string[]>;
}
