import { Message, type QuickReply } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import * as zod from 'zod';
import * as z from 'zod/mini';
import type { Hub } from '../hub/create-hub.ts';
import { defineAction, type SelfServiceActions } from '../seams/actions.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { shopper, startHub, until } from '../testing/hub-fixture.ts';
import { ACTION_PAYLOADS, actionPromptKey } from './actions.ts';

let hub: Hub | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

const repliesOf = (messages: Message[]): QuickReply[] => {
  const last = messages.at(-1)?.content;
  return last?.kind === 'quick_replies' ? last.replies : [];
};
const notices = (messages: Message[]) =>
  messages.flatMap((m) =>
    m.content.kind === 'system' && m.content.event === 'notice' ? [m.content.text] : [],
  );

/** A return the merchant approves for delivered orders, with what it was asked to do. */
function returns(overrides: Partial<Parameters<typeof defineAction<{ orderId: string }>>[0]> = {}) {
  const started: string[] = [];
  const actions: SelfServiceActions = {
    requestReturn: defineAction({
      label: { zh: '申请退货', en: 'Request a return' },
      intents: ['after_sale'],
      input: z.object({ orderId: z.string() }),
      eligible: async ({ orderId }) => (orderId.startsWith('SO-') ? true : '该订单不支持自助退货'),
      run: async ({ orderId }) => {
        started.push(orderId);
        return { ok: true, summary: `已为订单 ${orderId} 提交退货申请` };
      },
      ...overrides,
    }),
  };
  return { actions, started };
}

async function shopperAsking(url: string, orderId: string) {
  const s = shopper(url, { locale: 'zh-CN', page: { orderId } });
  s.connect();
  await until(() => s.messages.length === 1, 'greeting');
  s.send('我想退货');
  await until(() => repliesOf(s.messages).length > 0, 'the offer');
  return s;
}

const textOf = (m: Message) =>
  m.content.kind === 'text' || m.content.kind === 'system' || m.content.kind === 'quick_replies'
    ? m.content.text
    : undefined;

const tap = (s: ReturnType<typeof shopper>, reply: QuickReply) =>
  s.send({ kind: 'text', text: reply.label, payload: reply.payload });

describe('self-service actions', () => {
  it('offers an eligible action after a matching intent, confirms, runs it, and records the outcome', async () => {
    const store = createMemoryStore();
    const { actions, started } = returns();
    const hubStarted = await startHub({ store, actions });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-1024');
    const offer = repliesOf(s.messages);
    expect(offer.map((r) => r.label)).toEqual(['申请退货', '转人工']);

    tap(s, offer[0]!);
    await until(
      () => repliesOf(s.messages).some((r) => r.payload.startsWith(ACTION_PAYLOADS.confirm)),
      'confirmation',
    );
    // Nothing runs before the shopper confirms.
    expect(started).toEqual([]);
    tap(s, repliesOf(s.messages)[0]!);
    await until(() => notices(s.messages).includes('已为订单 SO-1024 提交退货申请'), 'the outcome line');
    expect(started).toEqual(['SO-1024']);
    expect(s.state?.status).toBe('bot');
    await hub.close();
    const events = await store.listEvents({ kinds: ['action'] });
    expect(events.map((e) => e.data?.outcome)).toEqual(['started', 'completed']);
  });

  it('offers actions under an order card the bot answers with, on that card order', async () => {
    const { actions, started } = returns({ intents: [] });
    const hubStarted = await startHub({
      actions,
      answer: async () => ({
        content: [{ kind: 'order', order: { id: 'SO-77', status: 'delivered', events: [] } }],
        confidence: 0.9,
      }),
    });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-1');
    // The bot's card, then the buttons for it (no way to a person needed: the bot answered).
    expect(s.messages.at(-2)?.content.kind).toBe('order');
    expect(repliesOf(s.messages).map((r) => r.label)).toEqual(['申请退货']);
    tap(s, repliesOf(s.messages)[0]!);
    await until(
      () => repliesOf(s.messages).some((r) => r.payload.startsWith(ACTION_PAYLOADS.confirm)),
      'confirmation',
    );
    tap(s, repliesOf(s.messages)[0]!);
    await until(() => started.length === 1, 'the return');
    expect(started).toEqual(['SO-77']);
  });

  it('never repeats an order id no order can have in a button (a 230-character one made the confirm payload exceed 256)', async () => {
    const store = createMemoryStore();
    const { actions, started } = returns();
    const hubStarted = await startHub({ store, actions });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-1');
    // A tap on an offer the hub never made: the payload is the shopper's to write (up to 256).
    const forged = `${ACTION_PAYLOADS.offer}requestReturn:SO-${'9'.repeat(227)}`;
    expect(forged.length).toBeLessThanOrEqual(256);
    const before = s.messages.length;
    s.send({ kind: 'text', text: '申请退货', payload: forged });
    await until(() => s.messages.length >= before + 2, 'an answer to the tap');
    const stored = await store.listMessages(s.conversationId!, { afterSeq: 0, limit: 100 });
    for (const m of stored)
      expect(Message.safeParse(m).success, JSON.stringify(m.content).slice(0, 80)).toBe(true);
    expect(
      stored.some((m) => m.content.kind === 'quick_replies' && m.content.text?.includes('9'.repeat(227))),
    ).toBe(false);
    expect(started).toEqual([]);
  });

  it('runs a confirmation once: a double tap and a third tap after the outcome run nothing more; a 确认 after 取消 or typed by hand is an ordinary message', async () => {
    const store = createMemoryStore();
    const { actions, started } = returns();
    const hubStarted = await startHub({ store, actions });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-1024');
    tap(s, repliesOf(s.messages)[0]!);
    await until(
      () => repliesOf(s.messages).some((r) => r.payload.startsWith(ACTION_PAYLOADS.confirm)),
      'confirmation',
    );
    const confirm = repliesOf(s.messages)[0]!;
    // A nervous double tap: both frames are on the wire before the first is answered.
    tap(s, confirm);
    tap(s, confirm);
    await until(() => notices(s.messages).length >= 1, 'the outcome line');
    // The shopper's two taps are stored; the hub answers the second with nothing.
    await until(() => s.messages.filter((m) => m.author.kind === 'shopper').length === 4, 'both taps');
    tap(s, confirm);
    // A new confirmation, cancelled, then its 确认 tapped anyway.
    tap(s, { label: '申请退货', payload: `${ACTION_PAYLOADS.offer}requestReturn:SO-1024` });
    await until(
      () => s.messages.filter((m) => m.content.kind === 'quick_replies').length === 3,
      'a new confirmation',
    );
    tap(s, { label: '取消', payload: ACTION_PAYLOADS.cancel });
    await until(
      () => s.messages.some((m) => m.content.kind === 'text' && m.content.text === '好的，已取消。'),
      'cancelled',
    );
    tap(s, confirm);
    // A confirmation the hub never asked for (another order, typed by hand).
    s.send({ kind: 'text', text: '确认', payload: `${ACTION_PAYLOADS.confirm}requestReturn:SO-2048` });
    await until(() => s.messages.filter((m) => m.author.kind === 'shopper').length === 9, 'every tap stored');
    await hub.close();
    expect(started).toEqual(['SO-1024']);
    expect(notices(s.messages)).toEqual(['已为订单 SO-1024 提交退货申请']);
    // The repeated taps got no answer; the 确认 after 取消 matched no prompt, so it was an
    // ordinary message: the bot handed it to a person rather than leaving it unanswered.
    const at = (text: string) => s.messages.findLastIndex((m) => textOf(m) === text);
    const after = (text: string) => s.messages.slice(at(text) + 1);
    const repeated = s.messages.slice(at('已为订单 SO-1024 提交退货申请') + 1, at('申请退货'));
    expect(repeated.length).toBeGreaterThan(0);
    expect(repeated.every((m) => m.author.kind === 'shopper')).toBe(true);
    expect(after('好的，已取消。').map((m) => m.author.kind)).toEqual([
      'shopper',
      'bot',
      'system',
      'shopper',
    ]);
    expect(s.state?.status).toBe('queued');
    const events = await store.listEvents({ kinds: ['action'] });
    expect(events.map((e) => e.data?.outcome)).toEqual(['started', 'completed']);
  });

  it('forgets a waiting confirmation when the shopper is erased', async () => {
    const store = createMemoryStore();
    const { actions, started } = returns();
    const hubStarted = await startHub({ store, actions });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-1024');
    tap(s, repliesOf(s.messages)[0]!);
    await until(
      () => repliesOf(s.messages).some((r) => r.payload.startsWith(ACTION_PAYLOADS.confirm)),
      'confirmation',
    );
    const conversationId = s.conversationId!;
    expect((await store.getTimer(actionPromptKey(conversationId)))?.data).toEqual({
      name: 'requestReturn',
      orderId: 'SO-1024',
    });
    const conversation = await store.getConversation(conversationId);
    await hub.eraseShopper({ siteKey: 'shop', shopperId: conversation!.shopperId });
    expect(await store.getTimer(actionPromptKey(conversationId))).toBeNull();
    expect(started).toEqual([]);
  });

  it('cancels without running anything', async () => {
    const { actions, started } = returns();
    const hubStarted = await startHub({ actions });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-1');
    tap(s, repliesOf(s.messages)[0]!);
    await until(
      () => repliesOf(s.messages).some((r) => r.payload === ACTION_PAYLOADS.cancel),
      'confirmation',
    );
    tap(s, repliesOf(s.messages).find((r) => r.payload === ACTION_PAYLOADS.cancel)!);
    await until(
      () => s.messages.some((m) => m.content.kind === 'text' && m.content.text === '好的，已取消。'),
      'cancelled',
    );
    expect(started).toEqual([]);
  });

  it('does not offer an action the shopper is not eligible for', async () => {
    const { actions } = returns();
    const hubStarted = await startHub({ actions });
    hub = hubStarted.hub;
    const s = shopper(hubStarted.url, { locale: 'zh-CN', page: { orderId: 'X-9' } });
    s.connect();
    await until(() => s.messages.length === 1, 'greeting');
    s.send('我想退货');
    // The default bot hands over: no buttons, the queue.
    await until(() => s.state?.status === 'queued', 'queued');
    expect(s.messages.some((m) => m.content.kind === 'quick_replies')).toBe(false);
  });

  it('hands the shopper to a person with the reason when the merchant function refuses', async () => {
    const { actions } = returns({
      run: async () => ({ ok: false, reason: '该订单已超过 7 天无理由退货期' }),
    });
    const hubStarted = await startHub({ actions });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-2');
    tap(s, repliesOf(s.messages)[0]!);
    await until(
      () => repliesOf(s.messages).some((r) => r.payload.startsWith(ACTION_PAYLOADS.confirm)),
      'confirmation',
    );
    tap(s, repliesOf(s.messages)[0]!);
    await until(() => s.state?.status === 'queued', 'queued for a person');
    expect(notices(s.messages)).toContain('该订单已超过 7 天无理由退货期');
  });

  it('hands the shopper to a person when the merchant function throws, without showing the error', async () => {
    const { actions } = returns({
      run: async () => {
        throw new Error('ECONNREFUSED 10.0.0.7:5432');
      },
    });
    const hubStarted = await startHub({ actions });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-3');
    tap(s, repliesOf(s.messages)[0]!);
    await until(
      () => repliesOf(s.messages).some((r) => r.payload.startsWith(ACTION_PAYLOADS.confirm)),
      'confirmation',
    );
    tap(s, repliesOf(s.messages)[0]!);
    await until(() => s.state?.status === 'queued', 'queued for a person');
    expect(JSON.stringify(s.messages)).not.toContain('ECONNREFUSED');
  });

  it('hands the shopper to a person when the merchant function hangs past the plug-in timeout', async () => {
    const { actions } = returns({ run: () => new Promise(() => {}) });
    const hubStarted = await startHub({ actions, pluginTimeoutMs: 200 });
    hub = hubStarted.hub;
    const s = await shopperAsking(hubStarted.url, 'SO-4');
    tap(s, repliesOf(s.messages)[0]!);
    await until(
      () => repliesOf(s.messages).some((r) => r.payload.startsWith(ACTION_PAYLOADS.confirm)),
      'confirmation',
    );
    tap(s, repliesOf(s.messages)[0]!);
    await until(() => s.state?.status === 'queued', 'queued for a person');
  });

  it('takes a classic zod schema as well as a zod/mini one', () => {
    const action = defineAction({
      label: { zh: '取消订单', en: 'Cancel the order' },
      intents: [],
      input: zod.object({ orderId: zod.string().startsWith('SO-') }),
      eligible: async () => true,
      run: async ({ orderId }) => ({ ok: true, summary: `cancelled ${orderId}` }),
    });
    expect(action.input.safeParse({ orderId: 'SO-1' }).success).toBe(true);
    expect(action.input.safeParse({ orderId: 'X-1' }).success).toBe(false);
  });

  it("offers an action under an order step's notice (orderRules.offer): a return in two taps", async () => {
    const { actions, started } = returns();
    const { hub, url } = await startHub({ actions, orderRules: { offer: { delivered: ['requestReturn'] } } });
    const s = shopper(url, { locale: 'zh-CN' });
    let shopperId = '';
    s.on('welcome', (w) => {
      shopperId = w.shopperId;
    });
    s.connect();
    await until(() => s.messages.length === 1 && shopperId !== '', 'greeting');
    const shopperRef = { siteKey: 'shop', shopperId };
    await hub.orderEvent({
      id: 'ev-d',
      orderId: 'SO-8',
      shopper: shopperRef,
      status: 'delivered',
      at: Date.now(),
    });
    await until(
      () => repliesOf(s.messages).some((r) => r.label === '申请退货'),
      'the notice with its button',
    );
    const offer = repliesOf(s.messages).find((r) => r.label === '申请退货')!;
    expect(offer.payload).toBe(`${ACTION_PAYLOADS.offer}requestReturn:SO-8`);
    tap(s, offer);
    await until(() => repliesOf(s.messages).some((r) => r.label === '确认'), 'the confirmation');
    tap(s, repliesOf(s.messages).find((r) => r.label === '确认')!);
    await until(() => notices(s.messages).some((t) => t?.includes('SO-8')), 'the outcome');
    expect(started).toEqual(['SO-8']);
  });

  it('refuses an order step offering an action the hub does not have', async () => {
    await expect(startHub({ orderRules: { offer: { delivered: ['requestReturn'] } } })).rejects.toThrow(
      'orderRules.offer.delivered names requestReturn, which is not in actions',
    );
  });

  it('refuses a badly declared action when the hub is created', async () => {
    const { actions } = returns();
    await expect(startHub({ actions: { 'bad name!': actions.requestReturn! } })).rejects.toThrow(
      'actions.bad name! must be named',
    );
  });
});

describe('self-service actions that break', () => {
  /** A hub with these options, and the errors it emits. */
  async function watched(options: Parameters<typeof startHub>[0]) {
    const hubStarted = await startHub(options);
    hub = hubStarted.hub;
    const errors: { code: string; plugin?: string | undefined }[] = [];
    hub.on('error', (e) => errors.push(e));
    return { url: hubStarted.url, errors };
  }

  /** Taps the offer and the confirmation; resolves once the shopper is queued for a person. */
  async function confirmed(overrides: Parameters<typeof returns>[0]) {
    const { url, errors } = await watched({ actions: returns(overrides).actions });
    const s = await shopperAsking(url, 'SO-1024');
    tap(s, repliesOf(s.messages)[0]!);
    await until(() => repliesOf(s.messages).some((r) => r.label === '确认'), 'the confirmation');
    tap(s, repliesOf(s.messages).find((r) => r.label === '确认')!);
    await until(
      () => s.state?.status === 'queued',
      () => `queued (state ${s.state?.status})`,
    );
    return { s, errors };
  }

  it('reports a run that throws as plugin_failed naming the action, and hands the shopper to a person', async () => {
    const { s, errors } = await confirmed({
      run: async () => {
        throw new Error('OMS 502');
      },
    });
    expect(s.messages.some((m) => textOf(m)?.includes('转接客服'))).toBe(true);
    expect(errors).toMatchObject([{ code: 'plugin_failed', plugin: 'actions.requestReturn' }]);
  });

  it('hands the shopper to a person when run returns undefined or an outcome without its summary', async () => {
    for (const outcome of [undefined, { ok: true }, 'done']) {
      const { s, errors } = await confirmed({ run: async () => outcome as never });
      expect(s.messages.some((m) => textOf(m)?.includes('转接客服'))).toBe(true);
      expect(errors).toMatchObject([{ code: 'plugin_failed', plugin: 'actions.requestReturn' }]);
      await hub?.close();
    }
  });

  it.each([
    [
      'throws',
      async () => {
        throw new Error('OMS 502');
      },
    ],
    ['hangs', () => new Promise<never>(() => {})],
  ])(
    "keeps the bot's answer when eligible %s while the button is being offered, leaving the button out",
    async (_, eligible) => {
      const { url, errors } = await watched({
        actions: returns({ eligible }).actions,
        pluginTimeoutMs: 400,
        answer: async () => ({
          content: [{ kind: 'text', text: '七天内可以无理由退货。' }],
          confidence: 0.9,
        }),
      });
      const s = shopper(url, { locale: 'zh-CN', page: { orderId: 'SO-1024' } });
      s.connect();
      await until(() => s.messages.length === 1, 'greeting');
      s.send('我想退货');
      await until(() => s.messages.some((m) => textOf(m) === '七天内可以无理由退货。'), 'the answer');
      expect(s.messages.some((m) => m.content.kind === 'quick_replies')).toBe(false);
      expect(s.state?.status).toBe('bot');
      expect(errors).toMatchObject([{ code: 'plugin_failed', plugin: 'actions.requestReturn.eligible' }]);
    },
  );

  it('hands the shopper to a person when eligible returns neither true nor a string', async () => {
    // Eligible when offered; by the tap, the merchant's function answers an object.
    let asked = 0;
    const { actions } = returns({
      eligible: async () => (asked++ === 0 ? true : ({ reason: 'too late' } as never)),
    });
    const { url, errors } = await watched({ actions });
    const s = await shopperAsking(url, 'SO-1024');
    tap(s, repliesOf(s.messages)[0]!);
    await until(
      () => s.state?.status === 'queued',
      () => `queued (state ${s.state?.status})`,
    );
    expect(errors).toMatchObject([{ code: 'plugin_failed', plugin: 'actions.requestReturn.eligible' }]);
  });
});
