import { type HubLanguage, hubLanguage } from '../text/hub-language.ts';

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
  'zh-Hant': {
    stop: '不再接收通知',
    stopped: '已為您停止推播通知，如有需要仍可在這裡聯絡我們。',
    person: '轉人工',
  },
} as const satisfies Record<HubLanguage, unknown>;

export type NotifyTexts = (typeof TEXTS)[HubLanguage];

export function notifyTexts(locale: string | undefined): NotifyTexts {
  return TEXTS[hubLanguage(locale)];
}
