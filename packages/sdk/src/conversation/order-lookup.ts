import { KefuError, Order } from '@kefu/protocol';
import type { PluginContext } from '../seams/plugins.ts';
import { runPlugin } from '../seams/run-plugin.ts';
import type { ShopperInfo } from '../seams/shopper.ts';
import type { StoredConversation } from '../store/store.ts';
import type { ConversationOptions } from './conversation-options.ts';

/**
 * A plug-in context's `lookupOrder`: the merchant's plug-in for this conversation's shopper and
 * locale, within the plug-in timeout. A failure, or an order the protocol refuses (it goes to
 * agents and shoppers in frames, and would leave an agent's join unanswered), is reported through
 * `failures` and answers null. Made by a function rather than written as a context's property: a
 * bundler that keeps function names (tsx, which the benchmarks run) wraps a closure written as a
 * named property on every call, and every bot turn makes a context.
 * @example
 * const lookupOrder = orderLookup(options, conversation, shopper, { pluginFailed: (plugin, error) => report(error) });
 * await lookupOrder('SO-1024'); // the order, or null
 */
export function orderLookup(
  o: Pick<ConversationOptions, 'lookupOrder' | 'pluginTimeoutMs' | 'clock'>,
  conversation: StoredConversation,
  shopper: ShopperInfo,
  /** Told of a failure (the conversation service itself: not a closure made for every bot turn). */
  failures: { pluginFailed(plugin: string, error: KefuError, conversationId: string): void },
): PluginContext['lookupOrder'] {
  return async (orderId) => {
    const lookup = o.lookupOrder;
    if (!lookup) return null;
    const result = await runPlugin('lookupOrder', o.pluginTimeoutMs, o.clock, (call) =>
      lookup(orderId, {
        shopper,
        siteKey: conversation.siteKey,
        ...(conversation.locale ? { locale: conversation.locale } : {}),
        signal: call.signal,
      }),
    );
    if (!result.ok) {
      failures.pluginFailed('lookupOrder', result.error, conversation.id);
      return null;
    }
    // A plug-in written in JavaScript may answer undefined for "no such order", as null.
    if (result.value == null) return null;
    const order = Order.safeParse(result.value);
    if (order.success) return order.data;
    const issue = order.error.issues[0];
    const why = `plugin lookupOrder returned an invalid order ${orderId}: ${issue?.path.join('.') || 'order'} ${issue?.message ?? ''}`;
    failures.pluginFailed('lookupOrder', new KefuError('plugin_failed', why.trim()), conversation.id);
    return null;
  };
}
