import { KefuError } from '@kefu/protocol';
import type { Conversations } from '../conversation/conversations.ts';
import { createActionFlow } from '../proactive/actions.ts';
import { createErasureGuard } from '../proactive/erasure-guard.ts';
import {
  createNotifier,
  type NotifyContent,
  type NotifyOptions,
  type NotifyOutcome,
  NotifyRefusal,
  type ShopperKey,
} from '../proactive/notify.ts';
import { createOrderEvents, type OrderEventOutcome } from '../proactive/order-events.ts';
import type { OrderEventData } from '../proactive/order-rules.ts';
import type { Dispatcher } from '../routing/dispatcher.ts';
import type { ResolvedHubOptions } from './hub-options.ts';
import { anonymousId, hubEraser, resolveShopperId, type ShopperRef } from './privacy.ts';

/** An order event as the merchant sends it: about a shopper named as in `exportShopper`. */
export interface HubOrderEvent extends OrderEventData {
  shopper: ShopperRef;
}

/** What the hub offers for messages the shop starts (see docs/proactive.md). */
export interface ProactiveApi {
  /**
   * Sends a message from the shop to a shopper who may not be chatting: stored in their latest
   * conversation (no agent's queue opens), shown at once on any node they are connected to, else
   * when they next open the widget. Refusals are values: `opted_out`, `rate_limited`, `invalid`,
   * `no_identity` (a `userId` on a site without `identitySecret`: nobody could read it).
   * @example
   * const r = await hub.notify({ siteKey: 'shop', userId: '42' }, { kind: 'text', text: '您的包裹已发出' }, { orderId: 'SO-1024', dedupeKey: 'SO-1024:shipped' });
   * if (!r.ok && r.error.code === 'rate_limited') retryLater(r.error.retryAt);
   */
  notify(shopper: ShopperRef, content: NotifyContent, options?: NotifyOptions): Promise<NotifyOutcome>;
  /**
   * Opts a shopper out of notifications (or back in); stored, so it holds on every node and after
   * restarts. The "stop these updates" button on every notification does the same.
   * @example
   * await hub.setNotificationOptOut({ siteKey: 'shop', userId: '42' }, true);
   */
  setNotificationOptOut(shopper: ShopperRef, optedOut: boolean): Promise<void>;
  /**
   * Applies an event from the order system by `orderRules`: steps notify the shopper, exceptions
   * apologise and open an L3 ticket, time-based checks (not shipped, no progress) are armed.
   * Idempotent by `id`; events may arrive out of order.
   * @example
   * await hub.orderEvent({ id: 'ev-991', orderId: 'SO-1024', shopper: { siteKey: 'shop', userId: '42' }, status: 'shipped', at: Date.now(), detail: { carrier: '顺丰', trackingNo: 'SF123' } });
   */
  orderEvent(event: HubOrderEvent): Promise<OrderEventOutcome>;
}

/**
 * Builds the proactive service on the hub's conversation service and routing (their durable
 * timers and ticket desk), and the payload handler the conversation service consults on taps.
 */
export function createProactiveApi(deps: {
  o: ResolvedHubOptions;
  conversations: () => Conversations;
  dispatcher: Dispatcher;
  reportError: (error: unknown, where: string) => void;
}) {
  const { o, dispatcher } = deps;
  const guard = createErasureGuard({ store: o.store, clock: o.clock, timers: dispatcher.durable });
  const erase = hubEraser(o.bus, deps.conversations);
  const eraseConversation = (id: string, shopper: ShopperKey) =>
    erase(id, anonymousId(shopper.siteKey, shopper.shopperId));
  const notifier = createNotifier({
    guard,
    eraseConversation,
    store: o.store,
    clock: o.clock,
    ids: o.ids,
    timers: dispatcher.durable,
    limits: o.notifications,
    freshAfterMs: o.freshAfterMs,
    siteLocale: (siteKey) => o.sites.get(siteKey)?.locale,
    personGroup: (c, subject) => orders.personGroup(c, subject),
    conversations: {
      post: (id, author, content) => deps.conversations().post(id, author, content),
      botAuthor: (locale) => deps.conversations().botAuthor(locale),
      record: (kind, id, extra) => deps.conversations().record(kind, id, extra),
      escalate: (c, reason, group) => deps.conversations().escalate(c, reason, undefined, undefined, group),
      announce: ({ id: conversationId, siteKey, shopperId }) =>
        deps.conversations().notify('conversation.created', () => ({ conversationId, siteKey, shopperId })),
    },
  });
  const orders = createOrderEvents({
    guard,
    eraseConversation,
    store: o.store,
    clock: o.clock,
    timers: dispatcher.durable,
    rules: o.orderRules,
    actions: o.actions,
    notifier,
    openTicket: (input) => dispatcher.openTicket(input),
    record: (kind, id, extra) => deps.conversations().record(kind, id, extra),
    onError: (what, error) => deps.reportError(error, what),
  });

  const actions = createActionFlow({
    store: o.store,
    clock: o.clock,
    timers: dispatcher.durable,
    pluginTimeoutMs: o.pluginTimeoutMs,
    actions: o.actions,
    conversations: {
      post: (id, author, content) => deps.conversations().post(id, author, content),
      botAuthor: (locale) => deps.conversations().botAuthor(locale),
      record: (kind, id, extra) => deps.conversations().record(kind, id, extra),
      escalate: (c, reason) => deps.conversations().escalate(c, reason),
      pluginContext: (c) => deps.conversations().pluginContext(c),
      pluginFailed: (plugin, error, id) => deps.conversations().pluginFailed(plugin, error, id),
    },
  });

  /** The shopper's key, or why the reference is not one of this hub's. */
  function keyOf(ref: ShopperRef): ShopperKey | KefuError {
    if (typeof ref?.siteKey !== 'string' || !o.sites.has(ref.siteKey)) {
      // Worded as the data requests' refusal, with the sites: "no site shop" alone hid a typo.
      const known = [...o.sites.keys()].map((key) => JSON.stringify(key)).join(', ');
      return new KefuError(
        'not_found',
        `no site ${JSON.stringify(ref?.siteKey)} on this hub (its sites: ${known})`,
      );
    }
    const id = 'shopperId' in ref ? ref.shopperId : ref.userId;
    if (typeof id !== 'string' || id.length === 0)
      return new KefuError('invalid_frame', 'a shopper is { siteKey, userId } or { siteKey, shopperId }');
    return { siteKey: ref.siteKey, shopperId: resolveShopperId(ref) };
  }

  /**
   * A logged-in shopper (`u:…`) only ever reads their conversation after signing in with a token
   * the site verifies: with no `identitySecret` and no `verifyIdentity`, a notice to them is
   * stored where nobody can read it, so it is refused, naming what is missing.
   */
  function unreachable(key: ShopperKey, ref: ShopperRef): NotifyRefusal | null {
    const identified = key.shopperId.startsWith('u:') || key.shopperId.startsWith('u#');
    if (!identified || o.sites.get(key.siteKey)?.identitySecret || o.verifyIdentity) return null;
    const who = 'userId' in ref ? `user ${ref.userId}` : `shopper ${key.shopperId}`;
    return new NotifyRefusal(
      'conflict',
      'no_identity',
      `site ${key.siteKey} has no identitySecret (and the hub no verifyIdentity): no shopper can sign in as ${who} to read it; set sites[].identitySecret and sign your shoppers in, or notify an anonymous shopper by shopperId`,
    );
  }

  const api: ProactiveApi = {
    async notify(shopper, content, options) {
      const key = keyOf(shopper);
      if (key instanceof KefuError)
        return { ok: false, error: new NotifyRefusal(key.code, 'invalid', key.message) };
      const refused = unreachable(key, shopper);
      if (refused) return { ok: false, error: refused };
      // Only the public options: `urgent` (past the rate) is for order exceptions alone.
      const { orderId, dedupeKey } = options ?? {};
      return notifier.notify(key, content, {
        ...(orderId === undefined ? {} : { orderId }),
        ...(dedupeKey === undefined ? {} : { dedupeKey }),
      });
    },
    async setNotificationOptOut(shopper, optedOut) {
      const key = keyOf(shopper);
      if (key instanceof KefuError) throw key;
      await notifier.setOptOut(key, optedOut === true);
    },
    async orderEvent(event) {
      const key = keyOf(event?.shopper);
      if (key instanceof KefuError) return { ok: false, error: key };
      const { shopper: _ref, ...data } = event;
      return orders.apply(key, data);
    },
  };
  const handlePayload = async (conversationId: string, payload: string): Promise<boolean> =>
    (await notifier.handlePayload(conversationId, payload)) || actions.handlePayload(conversationId, payload);
  return { api, handlePayload, markErasing: guard.mark, erasing: guard.active };
}
