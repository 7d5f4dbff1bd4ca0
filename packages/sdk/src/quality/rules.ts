/**
 * A quality-inspection rule, as data: merchants edit, add or drop rules without code.
 * `block` rules hold a message back until the agent overrides; `warn` rules let it through.
 * Every rule counts against the agent's QA score when a message that breaks it is sent.
 */
export interface QaRule {
  id: string;
  description: string;
  severity: 'block' | 'warn';
  /** Only when the shopper is upset (anger at or over the hub's threshold). */
  whenAngry?: boolean;
  /** Only in conversations whose latest shopper intent is one of these. */
  whenIntents?: readonly string[];
  /** Only for messages at least this long (greetings are not replies). */
  minLength?: number;
  /** The message must not contain any of these (case-insensitive; Chinese and English). */
  forbid?: readonly string[];
  /**
   * Phrases in which a `forbid` word is fine (case-insensitive): 滚筒 (a drum washer) is not 滚,
   * 不能保证 is no promise. Only the words inside them are let through; the same word elsewhere
   * in the message still counts.
   */
  allow?: readonly string[];
  /** The message must contain at least one of these. */
  require?: readonly string[];
  /**
   * The reply must come within the SLA's response target, counted from when the conversation
   * became the replying agent's if that is later than when the shopper started waiting.
   */
  withinSla?: boolean;
}

/**
 * Rules from Chinese e-commerce service standards: no absolute promises or superlatives, no
 * "please understand" to an angry customer, a remedy in replies to complaints, no rudeness, and
 * replies within the SLA.
 */
export const DEFAULT_QA_RULES: readonly QaRule[] = [
  {
    id: 'no-absolute-promises',
    description: 'No absolute promises or superlatives (广告法: 保证, 全网最低, 绝对 …)',
    severity: 'block',
    forbid: [
      '保证',
      '全网最低',
      '全网最便宜',
      '绝对',
      '百分之百',
      '100%',
      '肯定没问题',
      '第一品牌',
      'guarantee',
      'lowest price',
      'cheapest anywhere',
      'absolutely',
      'i promise',
      'definitely will',
      '100 percent',
    ],
    allow: [
      // Saying what cannot be promised is the opposite of promising it.
      '不能保证',
      '无法保证',
      '不保证',
      '没法保证',
      '没办法保证',
      '不敢保证',
      'cannot guarantee',
      "can't guarantee",
      'can not guarantee',
      'unable to guarantee',
      "don't guarantee",
      'do not guarantee',
      'not guaranteed',
      // A fabric's composition (on its label by law) is a fact, not a superlative.
      '100%纯棉',
      '100%棉',
      '100%羊毛',
      '100%真丝',
      '100%桑蚕丝',
      '100%亚麻',
      '100%涤纶',
      '100%聚酯纤维',
      '百分之百纯棉',
      '100% cotton',
      '100% wool',
      '100% silk',
      '100% linen',
      '100% polyester',
    ],
  },
  {
    id: 'no-please-understand-when-angry',
    description: 'Do not ask an upset customer to "please understand" (请您理解)',
    severity: 'block',
    whenAngry: true,
    forbid: ['请您理解', '请理解', '希望您理解', '请您谅解', 'please understand', 'you have to understand'],
  },
  {
    id: 'complaint-offers-remedy',
    description: 'A reply to a complaint offers a remedy (退款, 补发, 换货, 优惠券, 赔偿 …)',
    severity: 'warn',
    whenIntents: ['complaint'],
    minLength: 15,
    require: [
      '退款',
      '补发',
      '换货',
      '退货',
      '优惠券',
      '赔偿',
      '补偿',
      '重新发',
      '维修',
      'refund',
      'replacement',
      'replace',
      'exchange',
      'coupon',
      'voucher',
      'compensat',
      'return',
      'repair',
    ],
  },
  {
    id: 'no-rudeness',
    description: 'No rude or dismissive words',
    severity: 'block',
    forbid: [
      '滚',
      '闭嘴',
      '你有病',
      '神经病',
      '白痴',
      '傻',
      '爱买不买',
      '关我什么事',
      '自己看',
      '不归我管',
      'shut up',
      'stupid',
      'idiot',
      'not my problem',
      'whatever',
      'figure it out yourself',
    ],
    // Goods and kind words that contain a rude one.
    allow: ['滚筒', '滚轮', '滚动', '滚珠', '滚刷', '傻瓜相机', 'whatever we can', 'whatever you need'],
  },
  {
    id: 'reply-within-sla',
    description: 'Replies come within the response SLA',
    severity: 'warn',
    withinSla: true,
  },
];
