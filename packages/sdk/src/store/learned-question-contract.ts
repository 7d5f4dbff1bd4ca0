import { describe, expect, it } from 'vitest';
import { conversation, liveStore } from './contract-fixtures.ts';
import type { NewLearnedQuestion } from './learned-questions.ts';
import type { Store } from './store.ts';

/**
 * The learned-question part of `storeContract`, run against `current()`, the store of the current test.
 * @example
 * learnedQuestionContract(() => store); // inside storeContract's describe
 */
export function learnedQuestionContract(current: () => Store): void {
  const store = liveStore(current);
  const question = (id: string, extra: Partial<NewLearnedQuestion> = {}): NewLearnedQuestion => ({
    id,
    conversationId: 'c_1',
    questionSeq: 2,
    question: '能寄到香港吗',
    answer: '可以，顺丰 3 天到',
    language: 'zh',
    miss: 'refused',
    createdAt: 5_000,
    ...extra,
  });

  describe('learned questions', () => {
    it('stores a question as pending and lists it', async () => {
      const stored = await store.putLearnedQuestion(question('q1', { miss: 'not_helpful', entryId: 'ship' }));
      expect(stored).toEqual({
        ...question('q1', { miss: 'not_helpful', entryId: 'ship' }),
        status: 'pending',
      });
      expect(await store.listLearnedQuestions()).toEqual([stored]);
    });

    it("extends a pending question's answer instead of storing the question twice", async () => {
      await store.putLearnedQuestion(question('q1', { answer: '您好' }));
      const again = await store.putLearnedQuestion(
        question('q2', { answer: '您好\n可以寄到香港', createdAt: 6_000 }),
      );
      expect(again).toMatchObject({ id: 'q1', answer: '您好\n可以寄到香港', createdAt: 5_000 });
      expect((await store.listLearnedQuestions()).map((q) => q.id)).toEqual(['q1']);
    });

    it('leaves a decided question as it was decided', async () => {
      await store.putLearnedQuestion(question('q1'));
      expect(await store.decideLearnedQuestions(['q1', 'missing'], 'approved', 9_000)).toEqual(['q1']);
      expect(await store.decideLearnedQuestions(['q1'], 'rejected', 9_500)).toEqual([]);
      const kept = await store.putLearnedQuestion(question('q9', { answer: 'changed' }));
      expect(kept).toMatchObject({
        id: 'q1',
        answer: '可以，顺丰 3 天到',
        status: 'approved',
        decidedAt: 9_000,
      });
      expect(await store.decideLearnedQuestions([], 'rejected', 9_500)).toEqual([]);
    });

    it('lists by status, the newest `limit`, oldest first', async () => {
      await store.putLearnedQuestion(question('q3', { questionSeq: 3, createdAt: 7_000 }));
      await store.putLearnedQuestion(question('q1', { questionSeq: 1, createdAt: 5_000 }));
      await store.putLearnedQuestion(question('q2', { questionSeq: 2, createdAt: 7_000 }));
      await store.decideLearnedQuestions(['q1'], 'rejected', 8_000);
      const ids = async (filter: Parameters<Store['listLearnedQuestions']>[0]) =>
        (await store.listLearnedQuestions(filter)).map((q) => q.id);
      expect(await ids({})).toEqual(['q1', 'q3', 'q2']);
      expect(await ids({ status: 'pending' })).toEqual(['q3', 'q2']);
      expect(await ids({ status: 'rejected' })).toEqual(['q1']);
      expect(await ids({ limit: 2 })).toEqual(['q3', 'q2']);
      expect(await ids({ status: 'pending', limit: 1 })).toEqual(['q2']);
    });

    it('erasing a conversation deletes its learned questions, and only its', async () => {
      await store.createConversation(conversation('c_1'));
      await store.createConversation(conversation('c_2'));
      await store.putLearnedQuestion(question('q1'));
      await store.putLearnedQuestion(question('q2', { conversationId: 'c_2' }));
      await store.eraseConversation('c_1', 'anon_1');
      expect((await store.listLearnedQuestions()).map((q) => q.id)).toEqual(['q2']);
    });
  });
}
