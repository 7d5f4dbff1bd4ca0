import type { Locale } from '../../locale.ts';
import type { Strings } from '../strings.ts';
import en from './en.ts';
import zhCN from './zh-cn.ts';
import zhTW from './zh-tw.ts';

/** Every locale at once, for tests; the app loads one with `loadStrings`. */
export const STRINGS: Record<Locale, Strings> = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
