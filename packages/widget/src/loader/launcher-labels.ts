import type { Locale } from '../locale.ts';

/** The launcher's accessible name, open and closed, with the unread count: the loader's only strings. */
const LABELS: Record<Locale, [open: string, close: string, unread: (n: number) => string]> = {
  'zh-CN': ['在线客服', '关闭客服窗口', (n) => `，${n} 条未读消息`],
  'zh-TW': ['線上客服', '關閉客服視窗', (n) => `，${n} 則未讀訊息`],
  en: ['Chat with us', 'Close chat', (n) => `, ${n} unread`],
};

export function launcherLabel(locale: Locale, expanded: boolean, unread: number): string {
  const [open, close, suffix] = LABELS[locale];
  return (expanded ? close : open) + (unread > 0 ? suffix(unread) : '');
}
