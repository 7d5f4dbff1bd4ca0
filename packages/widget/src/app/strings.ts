import type { OrderStatus, TicketSummary } from '@kefu/protocol';
import type { Locale } from '../locale.ts';

/** Every string the chat app shows, in one place, for the three locales it speaks. */
export interface Strings {
  shopName: string;
  launcher: string;
  unread: (n: number) => string;
  close: string;
  transcript: string;
  stateBot: string;
  /** While queued: the place in line and the estimated wait in words (see `waitWords`). */
  stateQueued: (position?: number, wait?: string) => string;
  waitUnderMinute: string;
  waitMinutes: (n: number) => string;
  waitHours: (n: number) => string;
  stateAssigned: (name: string) => string;
  statePending: string;
  stateTicket: string;
  stateClosed: string;
  connecting: string;
  reconnecting: string;
  offline: string;
  failed: string;
  /** The hub refused this tab: the shopper has the chat open in too many (`maxConnectionsPerShopper`). */
  tabs: string;
  placeholder: string;
  send: string;
  /** Names a photo without a caption (its thumbnail's alt text). */
  photo: string;
  /** The composer's attach button. */
  attach: string;
  composerHint: string;
  remaining: (n: number) => string;
  tooLong: (over: number) => string;
  willSend: string;
  /** The tick's word for screen readers, by where the message is. */
  tick: Record<'pending' | 'sent' | 'read', string>;
  notSent: string;
  retry: string;
  typing: (name?: string) => string;
  quickReplies: string;
  viewing: string;
  askAbout: string;
  dismiss: string;
  order: (id: string) => string;
  orderStatus: Record<OrderStatus, string>;
  /** Between the item names of an order. */
  listSep: string;
  earlier: string;
  /** Under a transcript scrolled up, when the shop's reply came below: takes the shopper to it. */
  jump: string;
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
  helpfulQuestion: string;
  helpfulYes: string;
  helpfulNo: string;
  talkToPerson: string;
  /** What "talk to a person" sends: words the hub's understanding takes as a request for a person. */
  talkToPersonText: string;
  feedbackThanks: string;
}

/**
 * The strings of one locale. Each locale is its own chunk beside kefu-app.js, so a shopper
 * downloads only the one the widget speaks to them.
 * @example
 * const t = await loadStrings('zh-CN'); t.send; // '发送'
 */
/**
 * An estimated wait in words: under a minute, minutes, or hours.
 * @example
 * waitWords(150, en); // 'about 3 min'
 */
export function waitWords(seconds: number, t: Strings): string {
  return seconds < 60
    ? t.waitUnderMinute
    : seconds < 3600
      ? t.waitMinutes(Math.round(seconds / 60))
      : t.waitHours(Math.round(seconds / 3600));
}

export function loadStrings(locale: Locale): Promise<Strings> {
  const load =
    locale === 'en'
      ? import('./strings/en.ts')
      : locale === 'zh-TW'
        ? import('./strings/zh-tw.ts')
        : import('./strings/zh-cn.ts');
  return load.then((m) => m.default);
}
