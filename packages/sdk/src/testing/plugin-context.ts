import type { PluginContext } from '../seams/plugins.ts';
import { DEFAULT_POLICY } from '../seams/policy.ts';

/**
 * What a plug-in is called with, for calling one directly in a test (`runClassifyImage`,
 * `runPlugin`): a fresh bot conversation of one anonymous shopper, no order, the default policy.
 * @example
 * await runClassifyImage(recognizer, image, pluginContext, { timeoutMs: 5000, clock: new ManualClock() });
 */
export const pluginContext: Omit<PluginContext, 'signal'> = {
  conversation: {
    id: 'c_1',
    siteKey: 'shop',
    shopperId: 's_1',
    state: { status: 'bot' },
    createdAt: 0,
    updatedAt: 0,
    lastSeq: 0,
    shopperReadSeq: 0,
    agentReadSeq: 0,
    priority: 0,
    failedBotTurns: 0,
    version: 1,
  },
  shopper: { id: 's_1', identified: false },
  lookupOrder: async () => null,
  policy: DEFAULT_POLICY,
};
