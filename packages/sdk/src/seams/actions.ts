import type { Order } from '@kefu/protocol';
import type { StoredConversation } from '../store/store.ts';
import type { ShopperInfo } from './shopper.ts';

// Self-service actions: named merchant functions the bot offers and the shopper confirms.

/** What the action's input must pass: any zod schema (zod or zod/mini) fits. */
export interface ActionInputSchema<I> {
  safeParse(value: unknown): { success: true; data: I } | { success: false };
}

/** What an action's functions are told about where they run. */
export interface ActionContext {
  conversation: StoredConversation;
  shopper: ShopperInfo;
  locale?: string;
  /** Aborted when the plug-in's time is up (`pluginTimeoutMs`); pass it to fetch() and friends. */
  signal: AbortSignal;
  /** The merchant's order lookup, already wrapped with its timeout (null without one). */
  lookupOrder(orderId: string): Promise<Order | null>;
}

/** What an action did: a line the shopper and the agent read, or why it could not be done. */
export type ActionOutcome = { ok: true; summary: string } | { ok: false; reason: string };

/**
 * One self-service action. Its input is built from the conversation (`{ orderId }`, the order the
 * shopper's page or a notification is about) and must pass `input`; `eligible` says whether the
 * shopper may have it now (`true`, or a reason they can read); `run` does it.
 */
export interface SelfServiceAction<I> {
  label: { zh: string; en: string };
  /** The understanding step's intents after which the bot offers it (e.g. `after_sale`). */
  intents: readonly string[];
  input: ActionInputSchema<I>;
  eligible(input: I, ctx: ActionContext): Promise<true | string>;
  run(input: I, ctx: ActionContext): Promise<ActionOutcome>;
}

/** The hub's `actions` option: actions by name (letters, digits, `_` and `-`). */
export type SelfServiceActions = Record<string, SelfServiceAction<never>>;

/**
 * Declares an action with its input type inferred from the schema.
 * @example
 * const requestReturn = defineAction({
 *   label: { zh: '申请退货', en: 'Request a return' },
 *   intents: ['after_sale'],
 *   input: z.object({ orderId: z.string() }),
 *   eligible: async ({ orderId }, ctx) => ((await ctx.lookupOrder(orderId))?.status === 'delivered' ? true : '订单签收后才能退货'),
 *   run: async ({ orderId }) => ({ ok: true, summary: `已为订单 ${orderId} 提交退货申请` }),
 * });
 */
export function defineAction<I>(action: SelfServiceAction<I>): SelfServiceAction<never> {
  return action as unknown as SelfServiceAction<never>;
}
