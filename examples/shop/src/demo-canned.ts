import type { CannedReply } from '@kefu/sdk';

/** Canned replies for the agent console's `/` search. */
export const DEMO_CANNED: CannedReply[] = [
  {
    id: 'greet-zh',
    locale: 'zh-CN',
    title: '问候',
    text: '您好 {name}，我是客服，很高兴为您服务～',
    category: '通用',
  },
  {
    id: 'greet-en',
    locale: 'en',
    title: 'Greeting',
    text: 'Hi {name}, thanks for waiting — how can I help?',
    category: 'general',
  },
  {
    id: 'track-zh',
    locale: 'zh-CN',
    title: '查物流',
    text: '我帮您查一下订单 {orderId} 的物流，请稍等。',
    category: '物流',
  },
  {
    id: 'track-en',
    locale: 'en',
    title: 'Tracking',
    text: 'Let me check the tracking of order {orderId} for you.',
    category: 'shipping',
  },
  {
    id: 'refund-zh',
    locale: 'zh-CN',
    title: '退款到账时间',
    text: '退款审核通过后原路退回，一般 1-7 个工作日到账。',
    category: '售后',
  },
  {
    id: 'refund-en',
    locale: 'en',
    title: 'Refund timing',
    text: 'Refunds go back to your original payment method within 1–7 working days.',
    category: 'after-sale',
  },
  {
    id: 'packing-zh',
    locale: 'zh-CN',
    title: '标准包装',
    text: '这是我们发货时的标准包装，方便您对照检查外箱是否完好。',
    category: '售后',
    // A canned reply with a picture: the console fetches it from the demo's own server, uploads it
    // to the conversation and sends it with the text.
    image: { url: '/samples/intact-parcel.jpg', alt: '完好的包装外箱' },
  },
  {
    id: 'packing-en',
    locale: 'en',
    title: 'Our packing',
    text: 'This is how we pack your order, so you can compare it with the box you received.',
    category: 'after-sale',
    image: { url: '/samples/intact-parcel.jpg', alt: 'An intact shipping box' },
  },
  {
    id: 'resend-zh',
    locale: 'zh-CN',
    title: '补发',
    text: '非常抱歉给您带来不便，我们马上为您补发一件新的，并送您一张 20 元优惠券。',
    category: '投诉',
  },
  {
    id: 'resend-en',
    locale: 'en',
    title: 'Replacement',
    text: "I'm sorry about this. We'll send you a replacement right away, plus a coupon for your next order.",
    category: 'complaint',
  },
  {
    id: 'bye-zh',
    locale: 'zh-CN',
    title: '结束语',
    text: '还有其他可以帮您的吗？祝您购物愉快！',
    category: '通用',
  },
  {
    id: 'bye-en',
    locale: 'en',
    title: 'Closing',
    text: 'Anything else I can help with? Have a great day!',
    category: 'general',
  },
];
