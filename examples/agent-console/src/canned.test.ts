import type { CannedReply } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { fillCanned, searchCanned } from './canned.ts';

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
