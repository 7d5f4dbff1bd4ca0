/** What the hub says around a notification, in the languages the widget speaks. */
const TEXTS = {
  en: {
    stop: 'Stop these updates',
    stopped: "You won't receive these updates any more. You can still write to us here.",
    person: 'Talk to a person',
  },
  zh: {
    stop: '不再接收通知',
    stopped: '已为您停止推送通知，如有需要仍可在这里联系我们。',
    person: '转人工',
  },
} as const;

export type NotifyTexts = (typeof TEXTS)['en'] | (typeof TEXTS)['zh'];

/** The language of a locale for the hub's own words and the order templates: zh or en. */
export function languageOf(locale: string | undefined): 'zh' | 'en' {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function notifyTexts(locale: string | undefined): NotifyTexts {
  return TEXTS[languageOf(locale)];
}
