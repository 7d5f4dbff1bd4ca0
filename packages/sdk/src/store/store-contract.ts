import { afterEach, beforeEach, describe } from 'vitest';
import { apiKeyContract } from './api-key-contract.ts';
import { conversationContract } from './conversation-contract.ts';
import { conversationUpdateContract } from './conversation-update-contract.ts';
import { eventContract } from './event-contract.ts';
import { learnedQuestionContract } from './learned-question-contract.ts';
import { messageContract } from './message-contract.ts';
import { nonceContract } from './nonce-contract.ts';
import { openConversationContract } from './open-conversation-contract.ts';
import { sessionContract } from './session-contract.ts';
import { shopperContract } from './shopper-contract.ts';
import type { Store } from './store.ts';
import { ticketContract } from './ticket-contract.ts';
import { timerContract } from './timer-contract.ts';
import { webhookContract } from './webhook-contract.ts';

/**
 * The behaviour every Store must have, run against each engine (memory, PGlite, PostgreSQL).
 * `makeStore` gives a new, empty store for each test; `cleanup` disposes of it (default: close).
 * A new engine is one new file whose test calls this. Each part lives in its own
 * `*-contract.ts`, its fixtures in `contract-fixtures.ts`.
 * @example
 * storeContract('memory', async () => createMemoryStore());
 */
export function storeContract(
  name: string,
  makeStore: () => Promise<Store>,
  cleanup: (store: Store) => Promise<void> = (store) => store.close(),
): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await cleanup(store);
    });
    const current = () => store;

    conversationContract(current);
    openConversationContract(current);
    conversationUpdateContract(current);
    messageContract(current);
    shopperContract(current);
    timerContract(current);
    ticketContract(current);
    eventContract(current);
    nonceContract(current);
    sessionContract(current);
    apiKeyContract(current);
    webhookContract(current);
    learnedQuestionContract(current);
  });
}
