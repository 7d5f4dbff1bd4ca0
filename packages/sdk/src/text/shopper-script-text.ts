import { conversionFor, readerLocale, scriptOfText } from './chinese-script.ts';
import { convertOutsideLinks, loadScriptConverter } from './script-converter.ts';

/**
 * A plug-in's text as a shopper of `locale` reads it: Chinese in their script, characters only
 * (a Simplified order status to a zh-TW shopper in Taiwan standard characters, zh-HK in Hong
 * Kong's; a Traditional one to a zh-CN shopper in Simplified), links, e-mail addresses and
 * backtick spans as written; any other text as it is. `asked`, the shopper's message, decides
 * when the locale names no script (a Hong Kong shopper on the English page who typed 運費多少
 * reads Traditional). What the bot's knowledge-base answers get, for the text a merchant's own
 * `answer` or `lookupOrder` plug-in writes. If the converter cannot load, the text comes back as
 * written: it still answers.
 * @example
 * await inShopperScript('您的订单已发货', 'zh-TW'); // '您的訂單已發貨'
 * await inShopperScript('Your order shipped', 'zh-TW'); // 'Your order shipped'
 */
export async function inShopperScript(text: string, locale: string | undefined, asked = ''): Promise<string> {
  const written = scriptOfText(text);
  const conversion = written && conversionFor(written, readerLocale(locale, asked));
  if (!conversion) return text;
  try {
    return convertOutsideLinks(text, await loadScriptConverter(conversion));
  } catch {
    return text;
  }
}
