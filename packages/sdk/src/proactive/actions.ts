import { type Author, type Content, type KefuError, Order, type QuickReply } from '@kefu/protocol';
import * as z from 'zod/mini';
import type { Clock } from '../clock.ts';
import type { DurableTimers } from '../routing/durable-timers.ts';
import type {
  ActionContext,
  ActionOutcome,
  SelfServiceAction,
  SelfServiceActions,
} from '../seams/actions.ts';
import type { PluginFailures } from '../seams/plugin-failures.ts';
import type { AnswerPlugin, BotAnswer, PluginContext } from '../seams/plugins.ts';
import { type PluginResult, pluginReturned, runPlugin } from '../seams/run-plugin.ts';
import type { EventRecord, Store, StoredConversation } from '../store/store.ts';
import { hubLanguage, languageOf } from '../text/hub-language.ts';
import { NOTIFY_PAYLOADS } from './notify.ts';

/**
 * Payloads of the action buttons: offer (`kefu:action:<name>:<orderId>`), confirm
 * (`kefu:action.confirm:<name>:<orderId>`), cancel. The order rides in the payload, so a button
 * under an order card acts on that order whatever page the shopper is on.
 */
export const ACTION_PAYLOADS = {
  offer: 'kefu:action:',
  confirm: 'kefu:action.confirm:',
  cancel: 'kefu:action.cancel',
} as const;

const TEXTS = {
  zh: {
    offer: '我可以直接为您办理：',
    confirm: (label: string, orderId: string) => `确认为订单 ${orderId} ${label}吗？`,
    yes: '确认',
    no: '取消',
    cancelled: '好的，已取消。',
    person: '转人工',
    handOff: '抱歉，这一步需要人工处理，正在为您转接客服。',
  },
  'zh-Hant': {
    offer: '我可以直接為您辦理：',
    confirm: (label: string, orderId: string) => `確認為訂單 ${orderId} ${label}嗎？`,
    yes: '確認',
    no: '取消',
    cancelled: '好的，已取消。',
    person: '轉人工',
    handOff: '抱歉，這一步需要真人處理，正在為您轉接客服。',
  },
  en: {
    offer: 'I can do this for you right away:',
    confirm: (label: string, orderId: string) => `${label} for order ${orderId}?`,
    yes: 'Confirm',
    no: 'Cancel',
    cancelled: 'OK, cancelled.',
    person: 'Talk to a person',
    handOff: "Sorry, this needs a colleague's help. I'm bringing one in now.",
  },
} as const;

const NAME = /^[\w-]{1,40}$/;

/**
 * The confirmation a conversation waits for: a durable timer per conversation holding the action
 * and order of the latest prompt. A 确认 runs only by taking it (compare-and-set, on any node),
 * so a double tap, a second device, a stale prompt or a forged payload runs nothing more.
 * Expired timers are dropped by their handler.
 */
export const ACTION_PROMPT_KIND = 'action.prompt';
/** The key of the conversation's waiting confirmation (erasure deletes it with the conversation). */
export const actionPromptKey = (conversationId: string): string => `action:${conversationId}`;
/** How long a confirmation prompt can be confirmed. */
export const ACTION_PROMPT_TTL_MS = 86_400_000;

/** Checks the `actions` option up front, naming the action. */
export function resolveActions(actions: SelfServiceActions | undefined): SelfServiceActions {
  for (const [name, a] of Object.entries(actions ?? {})) {
    const fail = (message: string): never => {
      throw new TypeError(`createHub: actions.${name} ${message}`);
    };
    if (!NAME.test(name)) fail('must be named with 1–40 letters, digits, "_" or "-"');
    if (!a.label?.zh || !a.label.en) fail('needs a label in zh and en');
    if (!Array.isArray(a.intents)) fail('needs the intents after which the bot offers it (may be empty)');
    if (typeof a.input?.safeParse !== 'function') fail('needs an input schema (zod)');
    if (typeof a.eligible !== 'function' || typeof a.run !== 'function')
      fail('needs eligible and run functions');
  }
  return actions ?? {};
}

/** The input an action gets: the order it is about. */
function inputOf(orderId: string | undefined): { orderId?: string } {
  return orderId ? { orderId } : {};
}

/** `<name>` and `<orderId>` of a payload after its prefix. */
function parsePayload(rest: string): { name: string; orderId?: string } {
  const i = rest.indexOf(':');
  return i < 0 ? { name: rest } : { name: rest.slice(0, i), orderId: rest.slice(i + 1) };
}

/**
 * The bot with self-service: after a message whose intent matches an action, or under an order
 * card the merchant's bot answers with, the answer comes with buttons for the actions the shopper
 * may have now on that order (eligibility checked within the answer's time); when the merchant's
 * bot had nothing (or handed off), the buttons stand alone, with a way to a person beside them.
 * The actions' `eligible` run side by side, each within half the plug-in timeout (the answer's own
 * timer started before them): one that throws, rejects or runs past that leaves its button out and
 * is reported to `failures`; the answer still goes out (the whole answer failed with it, and the
 * shopper lost a good reply).
 */
export function withActionOffers(
  answer: AnswerPlugin,
  actions: SelfServiceActions,
  failures: PluginFailures,
  timing: { clock: Clock; pluginTimeoutMs: number },
): AnswerPlugin {
  const entries = Object.entries(actions);
  if (entries.length === 0) return answer;
  const eligibleMs = Math.max(1, Math.floor(timing.pluginTimeoutMs / 2));
  return async (question, ctx) => {
    const inner = await answer(question, ctx);
    if (question.payload !== undefined) return inner;
    const intent = question.understanding?.intent;
    const card = inner?.handoff ? undefined : inner?.content.find((c) => c.kind === 'order');
    const orderId = card?.kind === 'order' ? card.order.id : ctx.conversation.page?.orderId;
    const language = languageOf(ctx.locale);
    const checked = await Promise.all(
      entries.map(async ([name, action]) => {
        if (!card && (intent === undefined || !action.intents.includes(intent))) return undefined;
        const parsed = action.input.safeParse(inputOf(orderId));
        if (!parsed.success) return undefined;
        const plugin = `actions.${name}.eligible`;
        const said = await runPlugin(plugin, eligibleMs, timing.clock, (call) =>
          action.eligible(parsed.data, actionContext({ ...ctx, signal: call.signal })),
        );
        if (!said.ok) failures.report(plugin, said.error, ctx.conversation.id);
        return said.ok && said.value === true ? { name, action } : undefined;
      }),
    );
    const offers: QuickReply[] = checked.flatMap((eligible) =>
      eligible
        ? [
            {
              label: eligible.action.label[language],
              payload: `${ACTION_PAYLOADS.offer}${eligible.name}${orderId ? `:${orderId}` : ''}`,
            },
          ]
        : [],
    );
    if (offers.length === 0) return inner;
    const texts = TEXTS[hubLanguage(ctx.locale)];
    const standsAlone = inner === null || inner.handoff;
    const offer: BotAnswer['content'][number] = {
      kind: 'quick_replies',
      text: texts.offer,
      replies: standsAlone ? [...offers, { label: texts.person, payload: NOTIFY_PAYLOADS.person }] : offers,
    };
    return standsAlone
      ? { content: [offer], confidence: 1 }
      : { ...inner, content: [...inner.content, offer] };
  };
}

/** What `run` answered, as an outcome: anything else (undefined, no summary) fails it like a throw. */
function fitOutcome(plugin: string, value: unknown): PluginResult<ActionOutcome> {
  const o = value as Partial<{ ok: unknown; summary: unknown; reason: unknown }> | null | undefined;
  if (o?.ok === true && typeof o.summary === 'string') return { ok: true, value: o as ActionOutcome };
  if (o?.ok === false && typeof o.reason === 'string') return { ok: true, value: o as ActionOutcome };
  return refused(plugin, value, '{ ok: true, summary } or { ok: false, reason }');
}

/** What `eligible` answered: true, or a reason the shopper reads; anything else fails it. */
function fitEligibility(plugin: string, value: unknown): PluginResult<true | string> {
  if (value === true || typeof value === 'string') return { ok: true, value };
  return refused(plugin, value, 'true or a reason (a string)');
}

function refused(plugin: string, value: unknown, expected: string): { ok: false; error: KefuError } {
  const got = value === undefined ? 'undefined' : JSON.stringify(value)?.slice(0, 80);
  return pluginReturned(plugin, `${got}: expected ${expected}`);
}

function actionContext(ctx: Omit<PluginContext, 'signal'> & { signal: AbortSignal }): ActionContext {
  return {
    conversation: ctx.conversation,
    shopper: ctx.shopper,
    signal: ctx.signal,
    lookupOrder: ctx.lookupOrder,
    ...(ctx.locale ? { locale: ctx.locale } : {}),
  };
}

/** What the action flow needs of the conversation service (it passes itself). */
export interface ActionConversations {
  post(conversationId: string, author: Author, content: Content): Promise<unknown>;
  /** The bot, named in the conversation's language. */
  botAuthor(locale: string | undefined): Author;
  record(kind: 'action', conversationId: string, extra?: { data?: EventRecord['data'] }): void;
  escalate(conversation: StoredConversation, reason: string): Promise<void>;
  pluginContext(conversation: StoredConversation): Omit<PluginContext, 'signal'>;
  /** Reports a merchant function's failure (`hub.on('error')`, code `plugin_failed`, its name). */
  pluginFailed(plugin: string, error: KefuError, conversationId: string): void;
}

export interface ActionFlowDeps {
  store: Store;
  clock: Clock;
  /** Keeps the confirmation each conversation waits for (see {@link ACTION_PROMPT_KIND}). */
  timers: Pick<DurableTimers, 'mutate' | 'handle' | 'finish'>;
  pluginTimeoutMs: number;
  actions: SelfServiceActions;
  conversations: ActionConversations;
}

/**
 * The taps on action buttons: offer → a confirmation → the merchant's function, under the plug-in
 * timeout. The outcome is a system line in the transcript (what the agent sees too) and an
 * `action` event. Ineligible, invalid, failed, thrown or timed out: a polite line and a person,
 * with the reason in the escalation, never a dead end.
 * @example
 * const flow = createActionFlow({ store, clock, timers, pluginTimeoutMs: 3000, actions, conversations });
 * await flow.handlePayload('c_1', 'kefu:action:requestReturn'); // posts the confirmation
 */
export function createActionFlow(d: ActionFlowDeps) {
  d.timers.handle(ACTION_PROMPT_KIND, async (timer) => {
    await d.timers.finish(timer, null);
  });

  /** The prompt just posted is the one a 确认 may take (it replaces any older one). */
  const awaitConfirmation = (conversationId: string, name: string, orderId: string) =>
    d.timers.mutate(actionPromptKey(conversationId), ACTION_PROMPT_KIND, () => ({
      next: { dueAt: d.clock.now() + ACTION_PROMPT_TTL_MS, data: { name, orderId } },
      result: undefined,
    }));

  /** 取消: no prompt waits any more. */
  const dropConfirmation = (conversationId: string) =>
    d.timers.mutate(actionPromptKey(conversationId), ACTION_PROMPT_KIND, (current) => ({
      next: current ? null : 'keep',
      result: undefined,
    }));

  /**
   * 确认: takes the waiting prompt if it is this action's on this order (`run`). A taken prompt is
   * kept, marked, until it expires, so a repeated tap is told apart (`repeat`) from one that
   * matches no prompt at all (`none`: after 取消 or a newer prompt, typed by hand).
   */
  const takeConfirmation = (conversationId: string, name: string, orderId: string) =>
    d.timers.mutate<'run' | 'repeat' | 'none'>(
      actionPromptKey(conversationId),
      ACTION_PROMPT_KIND,
      (current) => {
        const live = current !== null && (current.dueAt === null || current.dueAt > d.clock.now());
        if (!live || current.data.name !== name || current.data.orderId !== orderId)
          return { next: 'keep', result: 'none' };
        if (current.data.taken === true) return { next: 'keep', result: 'repeat' };
        return { next: { dueAt: current.dueAt, data: { ...current.data, taken: true } }, result: 'run' };
      },
    );

  async function handlePayload(conversationId: string, payload: string): Promise<boolean> {
    if (!payload.startsWith('kefu:action')) return false;
    const c = await d.store.getConversation(conversationId);
    // Once a person has it (or it closed), the tap is an ordinary message for them.
    if (c?.state.status !== 'bot') return false;
    const texts = TEXTS[hubLanguage(c.locale)];
    if (payload === ACTION_PAYLOADS.cancel) {
      await dropConfirmation(c.id);
      await d.conversations.post(c.id, d.conversations.botAuthor(c.locale), {
        kind: 'text',
        text: texts.cancelled,
      });
      return true;
    }
    const confirming = payload.startsWith(ACTION_PAYLOADS.confirm);
    const tapped = parsePayload(
      payload.slice((confirming ? ACTION_PAYLOADS.confirm : ACTION_PAYLOADS.offer).length),
    );
    const { name } = tapped;
    const action = Object.hasOwn(d.actions, name) ? d.actions[name] : undefined;
    if (!action) return false;
    // The shopper writes the payload (up to 256 characters), and the buttons repeat its order id:
    // the confirm button's prefix is longer than the offer's, so a 223-character id made a button
    // the frames refuse. An id no order can have is no button the hub made: an ordinary message.
    if (tapped.orderId !== undefined && !z.safeParse(Order.shape.id, tapped.orderId).success) return false;
    const orderId = tapped.orderId ?? '';
    // Each prompt is confirmed once, on any node: a repeated tap (a double tap, another device)
    // is stored and answered by nothing; a 确认 that matches no prompt (after 取消 or a newer
    // prompt, typed by hand) runs nothing and is an ordinary message for the bot.
    if (confirming) {
      const taken = await takeConfirmation(c.id, name, orderId);
      if (taken !== 'run') return taken === 'repeat';
    }
    const checked = await check(c, name, action, orderId);
    if (!checked) return true;
    const { input, base } = checked;
    if (!confirming) {
      await awaitConfirmation(c.id, name, orderId);
      await d.conversations.post(c.id, d.conversations.botAuthor(c.locale), {
        kind: 'quick_replies',
        text: texts.confirm(action.label[languageOf(c.locale)], orderId),
        replies: [
          { label: texts.yes, payload: `${ACTION_PAYLOADS.confirm}${name}${orderId ? `:${orderId}` : ''}` },
          { label: texts.no, payload: ACTION_PAYLOADS.cancel },
        ],
      });
      return true;
    }
    d.conversations.record('action', c.id, { data: { action: name, orderId, outcome: 'started' } });
    const ran = await runPlugin(`actions.${name}`, d.pluginTimeoutMs, d.clock, (call) =>
      action.run(input, actionContext({ ...base, signal: call.signal })),
    );
    const done = ran.ok ? fitOutcome(`actions.${name}`, ran.value) : ran;
    if (!done.ok) {
      // Threw, hung or answered what no outcome is: the shopper hears nothing of the internals.
      d.conversations.pluginFailed(`actions.${name}`, done.error, c.id);
      await handOff(c, name, orderId, 'failed', done.error.message);
      return true;
    }
    const outcome = done.value;
    if (!outcome.ok) {
      await handOff(c, name, orderId, 'failed', outcome.reason, outcome.reason);
      return true;
    }
    await d.conversations.post(
      c.id,
      { kind: 'system' },
      { kind: 'system', event: 'notice', text: outcome.summary.slice(0, 500) },
    );
    d.conversations.record('action', c.id, { data: { action: name, orderId, outcome: 'completed' } });
    return true;
  }

  /** The action's input and eligibility now; null when the shopper was handed to a person instead. */
  async function check(
    c: StoredConversation,
    name: string,
    action: SelfServiceAction<never>,
    orderId: string,
  ) {
    const parsed = action.input.safeParse(inputOf(orderId));
    if (!parsed.success) {
      await handOff(c, name, orderId, 'ineligible', 'its input is missing (no order in the conversation)');
      return null;
    }
    const base = d.conversations.pluginContext(c);
    const eligible = await runPlugin(`actions.${name}.eligible`, d.pluginTimeoutMs, d.clock, (call) =>
      action.eligible(parsed.data, actionContext({ ...base, signal: call.signal })),
    );
    const said = eligible.ok ? fitEligibility(`actions.${name}.eligible`, eligible.value) : eligible;
    if (!said.ok) d.conversations.pluginFailed(`actions.${name}.eligible`, said.error, c.id);
    if (!said.ok || said.value !== true) {
      const reason = said.ok ? (said.value as string) : said.error.message;
      await handOff(c, name, orderId, 'ineligible', reason, said.ok ? reason : undefined);
      return null;
    }
    return { input: parsed.data, base };
  }

  /** Never a dead end: the merchant's reason (when it is for the shopper), a polite line, and the queue. */
  async function handOff(
    c: StoredConversation,
    name: string,
    orderId: string,
    outcome: 'ineligible' | 'failed',
    reason: string,
    forShopper?: string,
  ) {
    d.conversations.record('action', c.id, { data: { action: name, orderId, outcome } });
    if (forShopper)
      await d.conversations.post(
        c.id,
        { kind: 'system' },
        { kind: 'system', event: 'notice', text: forShopper.slice(0, 500) },
      );
    await d.conversations.post(c.id, d.conversations.botAuthor(c.locale), {
      kind: 'text',
      text: TEXTS[hubLanguage(c.locale)].handOff,
    });
    await d.conversations.escalate(
      c,
      `self-service ${name}${orderId ? ` for ${orderId}` : ''} ${outcome}: ${reason}`.slice(0, 500),
    );
  }

  return { handlePayload };
}
