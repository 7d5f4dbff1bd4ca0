import type { OrderStatus, TicketSummary } from '@kefu/protocol';
import type { Locale } from '../locale.ts';

/** Every string the chat app shows, in one place, for the three locales it speaks. */
export interface Strings {
  shopName: string;
  launcher: string;
  unread: (n: number) => string;
  dialog: string;
  close: string;
  transcript: string;
  stateBot: string;
  stateQueued: (position?: number, etaSeconds?: number) => string;
  stateAssigned: (name: string) => string;
  statePending: string;
  stateTicket: string;
  stateClosed: string;
  connecting: string;
  reconnecting: string;
  offline: string;
  failedConnection: string;
  placeholder: string;
  send: string;
  composerHint: string;
  remaining: (n: number) => string;
  tooLong: (over: number) => string;
  willSend: string;
  tickPending: string;
  tickSent: string;
  tickRead: string;
  notSent: string;
  retry: string;
  typing: (name?: string) => string;
  quickReplies: string;
  viewing: string;
  askAbout: string;
  dismiss: string;
  order: (id: string) => string;
  orderStatus: Record<OrderStatus, string>;
  earlier: string;
  bot: string;
  agent: string;
  you: string;
  closedHint: string;
  /** While a ticket is open: its name, status, the promised reply time and the latest update. */
  ticket: string;
  ticketStatus: Record<TicketSummary['status'], string>;
  replyBy: (time: string) => string;
  lastUpdate: (text: string) => string;
  /** While `pending`: the shop waits for the shopper (and looks again at `followUpAt`). */
  waitingForYou: string;
  followUpBy: (time: string) => string;
  /** The satisfaction survey after a conversation with a person. */
  csatTitle: string;
  /** Labels of ratings 1–5, worst first. */
  csatLevels: string[];
  csatComment: string;
  csatSend: string;
  csatThanks: string;
}

/** A wait in words: under a minute, minutes, or hours. */
const wait = (s: number, under: string, min: string, hour: string) =>
  s < 60 ? under : s < 3600 ? min.replace('#', String(Math.round(s / 60))) : hour.replace('#', String(Math.round(s / 3600)));

const zhCN: Strings = {
  shopName: '在线客服',
  launcher: '在线客服',
  unread: (n) => `，${n} 条未读消息`,
  dialog: '客服对话',
  close: '关闭对话窗口',
  transcript: '聊天记录',
  stateBot: '智能助手 · 即时回复',
  stateQueued: (p, eta) =>
    `正在为您转接人工${p ? ` · 第 ${p} 位` : ''}${eta === undefined ? '' : ` · 预计${wait(eta, '不到 1 分钟', '约 # 分钟', '约 # 小时')}`}`,
  stateAssigned: (name) => `${name} 为您服务`,
  statePending: '等待处理中',
  stateTicket: '已为您登记，客服会在这里回复',
  stateClosed: '会话已结束',
  connecting: '正在连接…',
  reconnecting: '网络不稳定，正在重新连接…',
  offline: '网络已断开，消息将在恢复后发送',
  failedConnection: '暂时无法连接客服，请稍后再试',
  placeholder: '输入消息…',
  send: '发送',
  composerHint: 'Enter 发送，Shift+Enter 换行',
  remaining: (n) => `还可输入 ${n} 字`,
  tooLong: (n) => `超出 ${n} 字`,
  willSend: '联网后发送',
  tickPending: '发送中',
  tickSent: '已送达',
  tickRead: '已读',
  notSent: '发送失败',
  retry: '重试',
  typing: (name) => `${name ?? '客服'}正在输入…`,
  quickReplies: '快捷回复',
  viewing: '您正在看',
  askAbout: '咨询这件商品',
  dismiss: '不再显示',
  order: (id) => `订单 ${id}`,
  orderStatus: {
    paid: '已付款',
    shipped: '已发货',
    in_transit: '运输中',
    out_for_delivery: '派送中',
    delivered: '已签收',
  },
  earlier: '查看更早的消息',
  bot: '智能助手',
  agent: '客服',
  you: '我',
  closedHint: '有新问题？直接发送消息即可重新开始',
  ticket: '已为您登记工单',
  ticketStatus: { open: '处理中', pending: '等待您的回复', resolved: '已解决' },
  replyBy: (time) => `我们将在 ${time} 前回复您`,
  lastUpdate: (text) => `最新进展：${text}`,
  waitingForYou: '等待您的回复',
  followUpBy: (time) => `我们会在 ${time} 再跟进`,
  csatTitle: '请为本次服务评分',
  csatLevels: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
  csatComment: '还有什么想告诉我们的？（选填）',
  csatSend: '提交评价',
  csatThanks: '感谢您的评价！',
};

const zhTW: Strings = {
  ...zhCN,
  shopName: '線上客服',
  launcher: '線上客服',
  unread: (n) => `，${n} 則未讀訊息`,
  dialog: '客服對話',
  close: '關閉對話視窗',
  transcript: '聊天紀錄',
  stateBot: '智慧助理 · 即時回覆',
  stateQueued: (p, eta) =>
    `正在為您轉接真人客服${p ? ` · 第 ${p} 位` : ''}${eta === undefined ? '' : ` · 預計${wait(eta, '不到 1 分鐘', '約 # 分鐘', '約 # 小時')}`}`,
  stateAssigned: (name) => `${name} 為您服務`,
  statePending: '等待處理中',
  stateTicket: '已為您登記，客服會在這裡回覆',
  stateClosed: '對話已結束',
  connecting: '正在連線…',
  reconnecting: '網路不穩定，正在重新連線…',
  offline: '網路已中斷，訊息將在恢復後送出',
  failedConnection: '暫時無法連線客服，請稍後再試',
  placeholder: '輸入訊息…',
  send: '送出',
  composerHint: 'Enter 送出，Shift+Enter 換行',
  remaining: (n) => `還可輸入 ${n} 字`,
  tooLong: (n) => `超出 ${n} 字`,
  willSend: '連線後送出',
  tickPending: '傳送中',
  tickSent: '已送達',
  tickRead: '已讀',
  notSent: '傳送失敗',
  retry: '重試',
  typing: (name) => `${name ?? '客服'}正在輸入…`,
  quickReplies: '快速回覆',
  viewing: '您正在看',
  askAbout: '詢問這件商品',
  dismiss: '不再顯示',
  order: (id) => `訂單 ${id}`,
  orderStatus: {
    paid: '已付款',
    shipped: '已出貨',
    in_transit: '運送中',
    out_for_delivery: '配送中',
    delivered: '已簽收',
  },
  earlier: '查看更早的訊息',
  bot: '智慧助理',
  agent: '客服',
  you: '我',
  closedHint: '有新問題？直接傳送訊息即可重新開始',
  ticket: '已為您登記工單',
  ticketStatus: { open: '處理中', pending: '等待您的回覆', resolved: '已解決' },
  replyBy: (time) => `我們將在 ${time} 前回覆您`,
  lastUpdate: (text) => `最新進度：${text}`,
  waitingForYou: '等待您的回覆',
  followUpBy: (time) => `我們會在 ${time} 再跟進`,
  csatTitle: '請為本次服務評分',
  csatLevels: ['非常不滿意', '不滿意', '普通', '滿意', '非常滿意'],
  csatComment: '還有什麼想告訴我們的？（選填）',
  csatSend: '送出評價',
  csatThanks: '感謝您的評價！',
};

const en: Strings = {
  shopName: 'Customer service',
  launcher: 'Chat with us',
  unread: (n) => `, ${n} unread`,
  dialog: 'Chat with customer service',
  close: 'Close chat',
  transcript: 'Conversation',
  stateBot: 'Assistant · replies instantly',
  stateQueued: (p, eta) =>
    `Connecting you to a person${p ? ` · #${p} in line` : ''}${eta === undefined ? '' : ` · ${wait(eta, 'under a minute', 'about # min', 'about # h')}`}`,
  stateAssigned: (name) => `${name} is helping you`,
  statePending: 'Waiting for follow-up',
  stateTicket: "We'll reply here soon",
  stateClosed: 'Conversation ended',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost, reconnecting…',
  offline: "You're offline; messages will send when you're back",
  failedConnection: "Can't reach customer service right now",
  placeholder: 'Type a message…',
  send: 'Send',
  composerHint: 'Enter to send, Shift+Enter for a new line',
  remaining: (n) => `${n} characters left`,
  tooLong: (n) => `${n} characters too long`,
  willSend: 'Will send when connected',
  tickPending: 'Sending',
  tickSent: 'Delivered',
  tickRead: 'Read',
  notSent: 'Not sent',
  retry: 'Retry',
  typing: (name) => `${name ?? 'Agent'} is typing…`,
  quickReplies: 'Suggested replies',
  viewing: "You're viewing",
  askAbout: 'Ask about this',
  dismiss: 'Hide',
  order: (id) => `Order ${id}`,
  orderStatus: {
    paid: 'Paid',
    shipped: 'Shipped',
    in_transit: 'In transit',
    out_for_delivery: 'Out for delivery',
    delivered: 'Delivered',
  },
  earlier: 'Show earlier messages',
  bot: 'Assistant',
  agent: 'Agent',
  you: 'You',
  closedHint: 'Got another question? Just send a message to start again.',
  ticket: 'Your request is logged',
  ticketStatus: { open: 'in progress', pending: 'waiting for your reply', resolved: 'resolved' },
  replyBy: (time) => `We'll reply by ${time}`,
  lastUpdate: (text) => `Latest update: ${text}`,
  waitingForYou: 'Waiting for your reply',
  followUpBy: (time) => `We'll follow up at ${time}`,
  csatTitle: 'How did we do?',
  csatLevels: ['Very unhappy', 'Unhappy', 'OK', 'Happy', 'Very happy'],
  csatComment: 'Anything else to tell us? (optional)',
  csatSend: 'Send rating',
  csatThanks: 'Thanks for your rating!',
};

export const STRINGS: Record<Locale, Strings> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
