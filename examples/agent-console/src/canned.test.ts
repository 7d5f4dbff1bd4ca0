import type { CannedReply } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { conversationLanguage, fillCanned, replyLanguage, searchCanned } from './canned.ts';

const replies: CannedReply[] = [
  { id: 'greet-zh', title: '问候', text: '您好 {name}，我是客服', category: '通用' },
  { id: 'track-zh', title: '查物流', text: '我帮您查一下订单 {orderId} 的物流', category: '物流' },
  { id: 'track-en', title: 'Tracking', text: 'Let me check order {orderId}', category: 'shipping' },
  {
    id: 'refund-en',
    title: 'Refund timing',
    text: 'Refunds arrive within 7 days, tracking included',
    category: 'after-sale',
  },
];

describe('canned reply search', () => {
  it('lists every reply for an empty query, in the given order', () => {
    expect(searchCanned(replies, '').map((r) => r.id)).toEqual([
      'greet-zh',
      'track-zh',
      'track-en',
      'refund-en',
    ]);
  });

  it('finds a reply by its picture’s alt text', () => {
    const withChart: CannedReply[] = [
      ...replies,
      {
        id: 'size',
        title: '推荐尺码',
        text: '请参考这张图',
        image: { url: '/a/size.png', alt: '开衫尺码表' },
      },
    ];
    expect(searchCanned(withChart, '尺码表').map((r) => r.id)).toEqual(['size']);
  });

  it('finds replies by title, category or text, title hits first', () => {
    expect(searchCanned(replies, '物流').map((r) => r.id)).toEqual(['track-zh']);
    expect(searchCanned(replies, 'track').map((r) => r.id)).toEqual(['track-en', 'refund-en']);
    expect(searchCanned(replies, 'SHIPPING').map((r) => r.id)).toEqual(['track-en']);
  });

  it('needs every word of the query to match', () => {
    expect(searchCanned(replies, 'refund days').map((r) => r.id)).toEqual(['refund-en']);
    expect(searchCanned(replies, 'refund nowhere')).toEqual([]);
  });

  it('offers the replies in the conversation’s language first, the others after', () => {
    expect(searchCanned(replies, '', 8, 'en').map((r) => r.id)).toEqual([
      'track-en',
      'refund-en',
      'greet-zh',
      'track-zh',
    ]);
    expect(searchCanned(replies, '', 2, 'zh').map((r) => r.id)).toEqual(['greet-zh', 'track-zh']);
    // Within a language the best match still leads; a match in the language beats a better one outside.
    const mixed: CannedReply[] = [
      { id: 'order-zh', title: 'order 查询', text: '订单 {orderId}' },
      { id: 'late-en', title: 'Late parcel', text: 'Your order is on its way' },
    ];
    expect(searchCanned(mixed, 'order', 8, 'en').map((r) => r.id)).toEqual(['late-en', 'order-zh']);
  });
});

describe('the language a conversation is held in', () => {
  it('is the shopper’s locale, else the script of what they wrote last', () => {
    expect(conversationLanguage('en-US', ['我的快递'])).toBe('en');
    expect(conversationLanguage('zh-Hans-CN', [])).toBe('zh');
    expect(conversationLanguage(undefined, ['hello', '我的快递到哪了'])).toBe('zh');
    expect(conversationLanguage('fr', ['where is KF1001?', '123'])).toBe('en');
    expect(conversationLanguage(undefined, ['👍'])).toBeUndefined();
  });

  it('reads a reply’s language from its words', () => {
    expect(replyLanguage({ title: 'Greeting', text: 'Hi {name}' })).toBe('en');
    expect(replyLanguage({ title: 'greet', text: '您好 {name}' })).toBe('zh');
  });

  it('takes a reply’s language from its locale when the shop gave one', () => {
    // English, though it names the Chinese payment method.
    const alipay = { title: 'Paying with 支付宝', text: 'Choose 支付宝 at checkout.', locale: 'en-GB' };
    expect(replyLanguage(alipay)).toBe('en');
    expect(replyLanguage({ title: 'Hola', text: 'Hola {name}', locale: 'es' })).toBe('es');
    const replies: CannedReply[] = [
      { id: 'greet-zh', title: '问候', text: '您好' },
      { id: 'alipay', ...alipay },
    ];
    expect(searchCanned(replies, '', 8, 'en').map((r) => r.id)).toEqual(['alipay', 'greet-zh']);
  });
});

describe('canned reply variables', () => {
  it('fills {name} and {orderId} from the profile and the page', () => {
    expect(fillCanned('您好 {name}，订单 {orderId}', { name: '王女士', orderId: 'KF1001' })).toEqual({
      text: '您好 王女士，订单 KF1001',
      missing: [],
    });
  });

  it('leaves a variable it has no value for, and says which', () => {
    expect(fillCanned('Hi {name}, order {orderId} / {orderId}', { name: 'Ann' })).toEqual({
      text: 'Hi Ann, order {orderId} / {orderId}',
      missing: ['orderId'],
    });
  });
});
