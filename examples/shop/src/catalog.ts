import type { Order } from '@kefu/protocol';
/** The fictional shop's products, in Chinese and English. Prices in CNY. */
export interface CatalogProduct {
  sku: string;
  slug: string;
  category: { zh: string; en: string };
  name: { zh: string; en: string };
  blurb: { zh: string; en: string };
  details: { zh: string[]; en: string[] };
  price: number;
  listPrice?: number;
  options: { zh: string; en: string; values: string[] };
  /** Two colours for the generated product picture. */
  colors: [string, string];
  rating: number;
  reviews: number;
}

export const CATALOG: CatalogProduct[] = [
  {
    sku: 'KF-KNIT-001',
    slug: 'merino-cardigan',
    category: { zh: '服饰', en: 'Apparel' },
    name: { zh: '美丽诺羊毛开衫', en: 'Merino Wool Cardigan' },
    blurb: {
      zh: '100% 美丽诺羊毛，亲肤不扎，秋冬通勤百搭。',
      en: '100% merino wool: soft on skin, warm, and easy to wear to work.',
    },
    details: {
      zh: ['面料：100% 美丽诺羊毛', '版型：常规版，偏大半码', '洗涤：建议手洗或干洗', '7 天无理由退换'],
      en: [
        'Fabric: 100% merino wool',
        'Fit: regular, runs half a size large',
        'Care: hand wash or dry clean',
        '7-day no-reason returns',
      ],
    },
    price: 399,
    listPrice: 529,
    options: { zh: '尺码', en: 'Size', values: ['S', 'M', 'L', 'XL'] },
    colors: ['#c9a27e', '#8a5a44'],
    rating: 4.8,
    reviews: 2316,
  },
  {
    sku: 'KF-AUDIO-207',
    slug: 'anc-earbuds',
    category: { zh: '数码', en: 'Electronics' },
    name: { zh: '主动降噪真无线耳机 Pro', en: 'ANC True Wireless Earbuds Pro' },
    blurb: {
      zh: '45dB 主动降噪，单次续航 8 小时，支持无线充电。',
      en: '45 dB active noise cancelling, 8 hours per charge, wireless charging.',
    },
    details: {
      zh: [
        '降噪深度：45dB',
        '续航：耳机 8 小时 + 充电盒 32 小时',
        '蓝牙 5.4，支持多设备连接',
        '全国联保 1 年',
      ],
      en: [
        'Noise cancelling: 45 dB',
        'Battery: 8 h + 32 h with case',
        'Bluetooth 5.4, multipoint',
        '1-year warranty',
      ],
    },
    price: 699,
    listPrice: 899,
    options: { zh: '颜色', en: 'Colour', values: ['曜石黑 Black', '云雾白 White'] },
    colors: ['#2b3a55', '#6b8fd6'],
    rating: 4.7,
    reviews: 5480,
  },
  {
    sku: 'KF-TEE-310',
    slug: 'cotton-tee',
    category: { zh: '服饰', en: 'Apparel' },
    name: { zh: '新疆长绒棉圆领 T 恤', en: 'Long-Staple Cotton Crew Tee' },
    blurb: { zh: '220g 重磅面料，不透不变形。', en: 'Heavyweight 220 g cotton that keeps its shape.' },
    details: {
      zh: ['面料：100% 新疆长绒棉', '克重：220g', '可机洗', '7 天无理由退换'],
      en: ['Fabric: 100% long-staple cotton', 'Weight: 220 g', 'Machine washable', '7-day no-reason returns'],
    },
    price: 129,
    options: { zh: '尺码', en: 'Size', values: ['S', 'M', 'L', 'XL', 'XXL'] },
    colors: ['#e9e4d8', '#7c9a7e'],
    rating: 4.9,
    reviews: 10233,
  },
];

export const findProduct = (slug: string) => CATALOG.find((p) => p.slug === slug);

/**
 * The demo's orders: any id is an order in transit with two of the catalogue's products, sent in
 * one parcel whose packing record and carrier scans agents see. An order whose number ends in 1
 * (each demo customer's first, KF…01) was packed one item short: the tee stayed in the
 * warehouse, and the parcel weighs what the cardigan alone does. The order page hands the order
 * to the widget, and the demo hub's `lookupOrder` returns it to agents.
 */
/** The demo's carrier, as each language names it. */
export const CARRIER = { zh: '顺丰速运', en: 'SF Express' } as const;

/**
 * The language the demo shop answers a shopper in: Chinese, unless the shopper's locale is
 * another (then English, the shop's other language).
 * @example
 * shopLanguage('en-GB'); // 'en'
 */
export function shopLanguage(locale: string | undefined): 'zh' | 'en' {
  return locale !== undefined && !locale.toLowerCase().startsWith('zh') ? 'en' : 'zh';
}

/**
 * An order's own tracking number (SF and 10 digits), the same at every lookup and in its shipped
 * notice: every demo order had SF1402938475, so a customer's two orders named one parcel.
 * @example
 * demoTrackingNo('KFA1B2C3D401') !== demoTrackingNo('KFA1B2C3D402'); // true
 */
export function demoTrackingNo(orderId: string): string {
  // FNV-1a: a stable, well-spread 32-bit number from the id (no randomness: a restart keeps it).
  let hash = 0x811c9dc5;
  for (let i = 0; i < orderId.length; i++) hash = Math.imul(hash ^ orderId.charCodeAt(i), 0x01000193) >>> 0;
  return `SF${String(hash).padStart(10, '0')}`;
}

export function demoOrder(orderId: string, lang: 'zh' | 'en' = 'zh', now = Date.now()): Order {
  const day = 24 * 3600 * 1000;
  const hour = 3600 * 1000;
  const cardigan = { title: CATALOG[0]!.name[lang], quantity: 1, sku: CATALOG[0]!.sku };
  const tee = { title: CATALOG[2]!.name[lang], quantity: 1, sku: CATALOG[2]!.sku };
  const short = orderId.endsWith('1');
  const carrier = CARRIER[lang];
  const trackingNo = demoTrackingNo(orderId);
  const place = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  return {
    id: orderId,
    status: 'in_transit',
    total: 828,
    currency: 'CNY',
    items: [cardigan, tee],
    carrier,
    trackingNo,
    events: [
      { status: 'paid', at: now - 3 * day },
      { status: 'shipped', at: now - 2 * day },
      { status: 'in_transit', at: now - day },
    ],
    shipments: [
      {
        id: `PK-${orderId}`.slice(0, 64),
        carrier,
        trackingNo,
        packed: short ? [cardigan] : [cardigan, tee],
        // Grams on the packing scale: the cardigan 560, the tee 260, the box 80.
        weightGrams: short ? 640 : 900,
        packedAt: now - 2 * day - 3 * hour,
        scans: [
          {
            at: now - 2 * day,
            place: place('杭州余杭仓', 'Hangzhou Yuhang warehouse'),
            status: place('已揽收', 'Collected'),
          },
          {
            at: now - 2 * day + 5 * hour,
            place: place('杭州转运中心', 'Hangzhou sorting centre'),
            status: place('已发出，下一站 上海转运中心', 'Left for Shanghai sorting centre'),
          },
          {
            at: now - day,
            place: place('上海转运中心', 'Shanghai sorting centre'),
            status: place('运输中', 'In transit'),
          },
        ],
      },
    ],
  };
}
