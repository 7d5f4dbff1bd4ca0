import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Message, signIdentity } from '@kefu/sdk';
import { createShopperClient, memoryStorage } from '@kefu/sdk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { pgliteInitdbSeed } from '../../../packages/sdk/src/store/pglite-seed.ts';
import { demoOrder, demoTrackingNo } from '../src/catalog.ts';
import { demoSecrets, openDemoStore } from '../src/hub.ts';
import { isOrderStatusQuestion, orderIdIn, orderStatusText } from '../src/order-answer.ts';
import { customerOrders, DEMO_SITE, eventsFor } from '../src/order-system.ts';
import { type Demo, startDemo } from '../src/server.ts';

// The demo as `pnpm demo` runs it, and shoppers on an order page (the page's order id in their context).
const dir = await mkdtemp(join(tmpdir(), 'kefu-demo-orders-'));
let opened: Awaited<ReturnType<typeof openDemoStore>>;
let demo: Demo;
beforeAll(async () => {
  opened = await openDemoStore(dir, { loadDataDir: await pgliteInitdbSeed() });
  demo = await startDemo({ port: 0, store: opened.store, secret: opened.secret });
});
afterAll(async () => {
  await demo?.close();
  await opened?.store.close();
  await rm(dir, { recursive: true, force: true });
});

const CUSTOMER = 'A1B2C3D4';
const [ORDER] = customerOrders(CUSTOMER);
/** ORDER's parcel, as the demo's order system tells it. */
const TRACKING = demoTrackingNo(ORDER!);

function shopper(
  locale: string,
  { orderId, signedIn = false }: { orderId?: string; signedIn?: string | boolean },
) {
  const customer = signedIn === true ? CUSTOMER : signedIn;
  const client = createShopperClient({
    url: demo.hubUrl,
    siteKey: DEMO_SITE,
    WebSocket,
    origin: 'http://127.0.0.1:5173',
    storage: memoryStorage(),
    locale,
    ...(signedIn
      ? {
          identity: signIdentity(
            { id: customer as string, name: `Demo ${customer}` },
            demoSecrets(opened.secret).identity,
            {
              audience: DEMO_SITE,
            },
          ),
        }
      : {}),
    ...(orderId ? { page: { orderId } } : {}),
  });
  client.connect();
  return client;
}

const bot = (messages: Message[]) => messages.filter((m) => m.author.kind === 'bot');
const texts = (messages: Message[]) =>
  bot(messages).flatMap((m) => (m.content.kind === 'text' ? [m.content.text] : []));

async function until(check: () => boolean, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Asks one question and waits for the bot's answer to it (the bot's messages after it); with
 * `card`, also for the order card that follows its text in the same turn (on a busy machine it
 * can come well after the text).
 */
async function ask(s: ReturnType<typeof shopper>, text: string, card = false): Promise<Message[]> {
  await until(() => s.status === 'open', 'welcome');
  const before = s.messages.length;
  s.send(text);
  const answer = () => bot(s.messages.slice(before));
  await until(() => texts(answer()).length > 0, `the answer to "${text}"`);
  if (card) await until(() => answer().some((m) => m.content.kind === 'order'), `the card after "${text}"`);
  // A card that must not come would come with its text, in the same turn.
  else await new Promise((r) => setTimeout(r, 200));
  return answer();
}

describe('the demo bot on an order page', () => {
  it('tells the order’s owner where it is, in Chinese and in English, with its card', async () => {
    const zh = shopper('zh-CN', { orderId: ORDER, signedIn: true });
    for (const q of ['这个订单什么时候到', '我的订单到哪了', '這個訂單什麼時候到？']) {
      const answer = await ask(zh, q, true);
      const said = texts(answer).join('\n');
      expect(said, q).toContain(ORDER);
      expect(said, q).toContain('运输中');
      expect(said, q).toContain('顺丰速运');
      expect(said, q).toContain(TRACKING);
      expect(said, q).toContain('上海转运中心');
      expect(answer.some((m) => m.content.kind === 'order' && m.content.order.id === ORDER)).toBe(true);
    }
    expect(zh.state?.status).toBe('bot');
    zh.close();

    const en = shopper('en', { orderId: ORDER, signedIn: true });
    const answer = await ask(en, 'Where is my order?', true);
    const said = texts(answer).join('\n');
    expect(said).toMatch(new RegExp(`order ${ORDER} is in transit`));
    expect(said).toContain('SF Express');
    expect(said).toContain(TRACKING);
    expect(said).toContain('Shanghai sorting centre');
    expect(answer.some((m) => m.content.kind === 'order')).toBe(true);
    en.close();
  });

  it('tells a Taiwan or Hong Kong shopper in Traditional characters, as the FAQ answers them', async () => {
    for (const locale of ['zh-TW', 'zh-HK']) {
      const tw = shopper(locale, { orderId: ORDER, signedIn: true });
      const said = texts(await ask(tw, '我的訂單到哪了', true)).join('\n');
      expect(said, locale).toContain(`您的訂單 ${ORDER} 運輸中`);
      expect(said, locale).toContain(TRACKING);
      expect(said, locale).toContain('上海轉運中心');
      tw.close();
    }
  });

  it('gives an anonymous shopper naming the same order no order details, only the FAQ answer', async () => {
    const s = shopper('zh-CN', { orderId: ORDER });
    const answer = await ask(s, '我的订单到哪了');
    const said = texts(answer).join('\n');
    expect(said).toContain('我的订单');
    expect(said).not.toContain(TRACKING);
    expect(said).not.toContain(ORDER);
    expect(answer.some((m) => m.content.kind === 'order')).toBe(false);
    s.close();
  });

  it('answers from the FAQ when no order is in context', async () => {
    // Another customer (a signed-in customer resumes their conversation, with its page).
    const s = shopper('zh-CN', { signedIn: 'B2C3D4E5' });
    const answer = await ask(s, '我的订单到哪了');
    expect(texts(answer).join('\n')).toContain('我的订单');
    expect(texts(answer).join('\n')).not.toContain(TRACKING);
    expect(answer.some((m) => m.content.kind === 'order')).toBe(false);
    s.close();
  });
});

// QA finding (2026-12): an order number pasted into the chat was not looked up unless the shopper
// was on that order's page.
describe('the demo bot with an order number in the message, on any page', () => {
  it('tells the signed-in owner where it is, with its card, in English and in Chinese', async () => {
    const en = shopper('en', { signedIn: true });
    const answer = await ask(en, `${ORDER} where is it`, true);
    expect(texts(answer).join('\n')).toMatch(new RegExp(`order ${ORDER} is in transit`));
    expect(texts(answer).join('\n')).toContain(TRACKING);
    expect(answer.some((m) => m.content.kind === 'order' && m.content.order.id === ORDER)).toBe(true);
    en.close();

    const zh = shopper('zh-CN', { signedIn: true });
    for (const q of [`我的订单${ORDER}到哪了`, `${ORDER.toLowerCase()}`]) {
      const said = texts(await ask(zh, q, true)).join('\n');
      expect(said, q).toContain(ORDER);
      expect(said, q).toContain('运输中');
    }
    zh.close();
  });

  it('looks up the pasted number over the one of the page the shopper is on', async () => {
    const [, second] = customerOrders(CUSTOMER);
    const s = shopper('en', { orderId: ORDER, signedIn: true });
    const answer = await ask(s, `when will ${second} arrive?`, true);
    expect(answer.some((m) => m.content.kind === 'order' && m.content.order.id === second)).toBe(true);
    s.close();
  });

  it.each([
    ['another signed-in customer', { signedIn: 'B2C3D4E5' }],
    ['an anonymous shopper', {}],
  ])('shows %s who pastes the number nothing of that order', async (_who, who) => {
    const s = shopper('en', who);
    const answer = await ask(s, `${ORDER} where is it`);
    const said = texts(answer).join('\n');
    expect(said).not.toContain(TRACKING);
    expect(said).not.toContain('in transit');
    expect(answer.some((m) => m.content.kind === 'order')).toBe(false);
    s.close();
  });

  it('leaves a question about something else with an order number to the FAQ', async () => {
    const s = shopper('zh-CN', { signedIn: true });
    await until(() => s.status === 'open', 'welcome');
    const before = s.messages.length;
    s.send(`${ORDER} 怎么退货`);
    // The FAQ's reply may be a "did you mean" (buttons, no text); a card would come in the same turn.
    await until(() => bot(s.messages.slice(before)).length > 0, 'the reply');
    await new Promise((r) => setTimeout(r, 200));
    const answer = bot(s.messages.slice(before));
    expect(answer.some((m) => m.content.kind === 'order')).toBe(false);
    expect(JSON.stringify(answer)).not.toContain('运输中');
    s.close();
  });
});

// Demo QA (2026-12-06): both orders of a demo customer were told with one tracking number (SF1402938475).
describe('the demo bot on each of a customer’s two orders', () => {
  it('tells each order’s own tracking number, the one its shipped notice carries', async () => {
    const [first, second] = customerOrders(CUSTOMER);
    const told: string[] = [];
    for (const orderId of [first!, second!]) {
      const s = shopper('zh-CN', { orderId, signedIn: true });
      const said = texts(await ask(s, '我的订单到哪了', true)).join('\n');
      const trackingNo = /SF\d{10}/.exec(said)?.[0];
      expect(trackingNo, said).toBeDefined();
      // The order system's shipped event (the proactive notice) names the same parcel.
      const shipped = eventsFor(CUSTOMER, orderId, 'shipped', Date.now()).find((e) => e.status === 'shipped');
      expect(shipped?.detail?.trackingNo).toBe(trackingNo);
      told.push(trackingNo!);
      s.close();
    }
    expect(new Set(told).size).toBe(2);
  });
});

// i18n QA (2026-12-06): a Chinese IME types the number in full width (ＫＦ…), and was handed to a
// person; the number alone was answered in English to a Chinese shopper (its letters read as English).
describe('the demo bot with an order number typed by a Chinese shopper', () => {
  it('finds a full-width number and answers the number alone in the page’s language', async () => {
    const wide = ORDER!.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const zh = shopper('zh-CN', { signedIn: true });
    for (const q of [`${wide}到哪了`, wide, ORDER!]) {
      const said = texts(await ask(zh, q, true)).join('\n');
      expect(said, q).toContain(ORDER);
      expect(said, q).toContain('运输中');
    }
    zh.close();
    // Someone else's number alone: no order, and the FAQ's decline in the page's language too.
    const other = shopper('zh-TW', {});
    await until(() => other.status === 'open', 'welcome');
    const before = other.messages.length;
    other.send(wide);
    await until(() => bot(other.messages.slice(before)).length > 0, 'the reply');
    expect(JSON.stringify(bot(other.messages.slice(before)))).toMatch(/抱歉/);
    other.close();
  });
});

describe('orderIdIn', () => {
  it('tells an English shopper the latest scan as a sentence, its time marked as China time', () => {
    // 2026-12-05 14:26 UTC, 22:26 in Shanghai: a shopper in London read "22:26" as their own time.
    const order = demoOrder('KF12345601', 'en', Date.UTC(2026, 11, 6, 14, 26));
    expect(orderStatusText(order, 'en')).toBe(
      `Your order KF12345601 is in transit. Carrier: SF Express, tracking number ${demoTrackingNo('KF12345601')}. ` +
        'Latest scan (5 Dec, 22:26 China time): In transit, Shanghai sorting centre.',
    );
    expect(orderStatusText(demoOrder('KF12345601', 'zh', Date.UTC(2026, 11, 6, 14, 26)), 'zh')).toContain(
      '最新物流（12月5日 22:26）：上海转运中心，运输中。',
    );
  });

  it('finds the demo’s order numbers, however they are cased, among other words', () => {
    expect(orderIdIn('KF12345 where is it')).toBe('KF12345');
    expect(orderIdIn('我的订单kfa1b2c3d401到哪了')).toBe('KFA1B2C3D401');
    expect(orderIdIn('order #KFA1B2C3D402?')).toBe('KFA1B2C3D402');
    expect(orderIdIn('ＫＦ１２３４５到哪了')).toBe('KF12345');
  });
  it('leaves product codes, tracking numbers and words alone', () => {
    for (const text of [
      'KF-KNIT-001 有L码吗',
      'SF1402938475',
      'kfc near me',
      'KFABCDEF',
      'where is my order',
    ])
      expect(orderIdIn(text), text).toBeUndefined();
  });
});

describe('isOrderStatusQuestion', () => {
  const q = (text: string) => isOrderStatusQuestion({ text });
  it('recognises questions about an order’s progress', () => {
    for (const text of [
      '我的订单到哪了',
      '这个订单什么时候到',
      '啥时候能到啊',
      '我的快递到哪儿了',
      '发货了吗',
      '發貨了沒',
      '我的訂單到哪裡了',
      '幾時到',
      '物流信息查一下',
      '运单号是多少',
      '怎么还没收到',
      'Where is my order?',
      'where’s my parcel',
      'When will it arrive?',
      'has it shipped yet',
      'tracking number please',
      "It still hasn't arrived",
    ])
      expect(q(text), text).toBe(true);
  });
  it('leaves other questions to the FAQ', () => {
    for (const text of [
      '运费多少',
      '退款什么时候到账',
      '包邮吗',
      '怎么修改地址',
      '这件毛衣有什么颜色',
      'is shipping free?',
      'how do I return this?',
      'when will my refund arrive?',
      'what sizes do you have',
    ])
      expect(q(text), text).toBe(false);
  });
});
