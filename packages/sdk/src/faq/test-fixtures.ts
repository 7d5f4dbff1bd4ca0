import type { KnowledgeBase, KnowledgeBaseEntry } from './knowledge-base.ts';

/** A tiny shop knowledge base shared by the faq tests. */
export const SMALL_KB: KnowledgeBase = {
  version: 1,
  entries: [
    {
      id: 'return-policy',
      question: '支持七天无理由退货吗？',
      alternatives: ['可以退货吗', '退货政策是什么'],
      answer: '签收后 7 天内可无理由退货。',
      tags: ['退货'],
      quickReplies: [{ label: '退款多久到账', payload: 'faq:refund-time' }],
    },
    {
      id: 'refund-time',
      question: '退款多久能到账？',
      alternatives: ['钱什么时候退回来'],
      answer: '审核通过后原路退回，1-7 个工作日到账。',
      tags: ['退款'],
    },
    {
      id: 'shipping-fee',
      question: '运费怎么算？包邮吗？',
      alternatives: ['满多少包邮', '邮费多少钱'],
      answer: '满 99 元包邮。',
      tags: ['运费'],
    },
    {
      id: 'return-earbuds',
      question: '耳机拆封后还能退货吗？',
      alternatives: ['耳机用过能退吗'],
      answer: '入耳式耳机拆封后不支持无理由退货。',
      tags: ['退货'],
      scope: { productIds: ['p-earbuds'] },
    },
    {
      id: 'return-hoodie',
      question: '卫衣拆封后还能退货吗？',
      alternatives: ['卫衣穿过能退吗'],
      answer: '吊牌完好即可退。',
      tags: ['退货'],
      scope: { productIds: ['p-hoodie'] },
    },
    {
      id: 'track-parcel',
      question: 'How do I track my parcel?',
      alternatives: ['Where is my package?', 'tracking number'],
      answer: 'Open My Orders and tap Track Shipment.',
      tags: ['shipping'],
    },
    {
      id: 'refund-en',
      question: 'How long does a refund take?',
      alternatives: ['When will I get my money back?'],
      answer: 'Refunds take 1-7 working days.',
      tags: ['refund'],
    },
  ],
};

/** A bare entry: one question, no alternatives, no tags. */
export const bareEntry = (id: string, question: string, answer = 'A.'): KnowledgeBaseEntry => ({
  id,
  question,
  alternatives: [],
  answer,
  tags: [],
});

const ZH_ITEMS = (
  '卫衣 外套 牛仔裤 衬衫 运动鞋 耳机 手表 键盘 手机壳 充电器 数据线 背包 帽子 袜子 台灯 水杯 床单 枕头 ' +
  '面膜 口红 围巾 手套 雨伞 钱包 墨镜 拖鞋 睡衣 毛衣 裙子 短裤'
).split(' ');
const ZH_KINDS = '纯棉 加绒 羊毛 真皮 无线 蓝牙 儿童 男士 女士 复古 轻薄 防水 大号 迷你 限量'.split(' ');
/** Ways of asking one thing about `{x}`; the first is the question, the others its alternates. */
const ZH_ASKS: string[][] = [
  ['{x}怎么退货', '{x}可以退吗', '{x}不想要了能退货吗'],
  ['{x}多久发货', '{x}什么时候发', '{x}下单后几天发出'],
  ['{x}运费多少', '{x}包邮吗', '买{x}要付邮费吗'],
  ['{x}能换尺码吗', '{x}尺码不合适怎么换', '{x}大了可以换小一号吗'],
  ['{x}保修多久', '{x}坏了能修吗', '{x}质保期是多长'],
  ['{x}怎么清洗', '{x}可以机洗吗', '{x}洗了会缩水吗'],
  ['{x}还有货吗', '{x}什么时候补货', '{x}缺货了吗'],
  ['{x}是什么材质', '{x}用的什么面料', '{x}成分是什么'],
  ['{x}有优惠券吗', '{x}能用折扣吗', '{x}参加满减吗'],
  ['{x}是正品吗', '{x}有防伪码吗', '怎么辨别{x}真假'],
];
/** What each of the asks above is about, for the answers. */
const ZH_TOPICS = '退货 发货 运费 换码 保修 清洗 库存 材质 优惠 正品'.split(' ');
const EN_TOPICS =
  'Returns Dispatch Delivery Exchanges Warranty Care Stock Materials Offers Authenticity'.split(' ');
const EN_ITEMS = (
  'hoodie jacket jeans shirt sneakers earbuds watch keyboard phone case charger cable backpack cap socks lamp ' +
  'bottle sheets pillow mask lipstick scarf gloves umbrella wallet sunglasses slippers pajamas sweater skirt shorts'
).split(' ');
const EN_KINDS =
  'cotton fleece wool leather wireless bluetooth kids mens womens vintage light waterproof large mini limited'.split(
    ' ',
  );
const EN_ASKS: string[][] = [
  ['How do I return the {x}?', 'Can I send back the {x}?', 'Is the {x} returnable?'],
  ['When will the {x} ship?', 'How long until the {x} is dispatched?', 'Shipping time for the {x}'],
  ['How much is delivery for the {x}?', 'Is shipping free on the {x}?', 'Delivery cost of the {x}'],
  [
    'Can I exchange the {x} for another size?',
    'The {x} does not fit, can I swap it?',
    'Size exchange for the {x}',
  ],
  ['What is the warranty on the {x}?', 'Can the {x} be repaired?', 'How long is the {x} guaranteed?'],
  ['How do I wash the {x}?', 'Can the {x} go in the washing machine?', 'Will the {x} shrink?'],
  ['Is the {x} in stock?', 'When is the {x} restocked?', 'Is the {x} sold out?'],
  ['What is the {x} made of?', 'Which fabric is the {x}?', 'Materials of the {x}'],
  ['Is there a coupon for the {x}?', 'Can I use a discount code on the {x}?', 'Any promotion on the {x}?'],
  ['Is the {x} genuine?', 'Does the {x} have an authenticity code?', 'How can I tell a fake {x}?'],
];

/**
 * A shop-shaped knowledge base of `size` entries for scale tests and benches: half Chinese, half
 * English, one question and one to three alternates about a product (kind × item) and a topic, a
 * product-specific answer, and about one entry in a hundred a near copy of another (its question
 * reworded a little, as merchants paste an entry and edit it). Deterministic for a seed.
 * @example
 * const kb = shopKnowledgeBase(10_000);
 */
export function shopKnowledgeBase(size: number, seed = 1): KnowledgeBase {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const used = new Set<string>();
  const entries: KnowledgeBaseEntry[] = [];
  for (let i = 0; entries.length < size; i++) {
    const zh = i % 2 === 0;
    const item = zh ? `${pick(ZH_KINDS)}${pick(ZH_ITEMS)}` : `${pick(EN_KINDS)} ${pick(EN_ITEMS)}`;
    const topic = Math.floor(rand() * ZH_ASKS.length);
    const key = `${zh}${item}${topic}`;
    // The product space (15 × 30 × 10 per language) fills up on very large bases: then a model number.
    const x = used.has(key) ? `${item} ${zh ? '款' : 'model '}${100 + i}` : item;
    used.add(key);
    const asks = (zh ? ZH_ASKS : EN_ASKS)[topic]!.map((a) => a.replace('{x}', x));
    const alternates = asks.slice(1, 2 + Math.floor(rand() * 2));
    const days = 1 + Math.floor(rand() * 14);
    const answer = zh
      ? `${x}${ZH_TOPICS[topic]}：签收后 ${days} 天内可办理，请在“我的订单”中提交申请，客服会在 24 小时内处理。`
      : `${EN_TOPICS[topic]} for the ${x}: within ${days} days of delivery; open My Orders and submit a request, we reply within 24 hours.`;
    const entry: KnowledgeBaseEntry = {
      id: `kb-${i}`,
      question: asks[0]!,
      alternatives: alternates,
      answer,
      tags: [],
    };
    entries.push(entry);
    if (i % 97 === 50 && entries.length < size) {
      const question = zh ? `请问${asks[0]!}` : `Please, ${asks[0]!.toLowerCase()}`;
      entries.push({ ...entry, id: `kb-${i}-copy`, question, alternatives: [], answer: `${answer} ` });
    }
  }
  return { version: 1, entries };
}
