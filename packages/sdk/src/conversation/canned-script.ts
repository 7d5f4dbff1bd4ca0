import type { CannedReply } from '@kefu/protocol';
import {
  type ChineseScript,
  type ScriptConversion,
  scriptOfLocale,
  scriptOfText,
} from '../text/chinese-script.ts';
import { type ConvertScript, convertOutsideLinks } from '../text/script-converter.ts';
import { createScriptView, type ShowInScript } from '../text/script-view.ts';

/** A canned reply as an agent is offered it for a shopper of `readerLocale`. */
export type ShowCanned = ShowInScript<CannedReply>;

/**
 * Canned replies in the shopper's Chinese script, as knowledge-base answers are (shopper-script.ts):
 * a merchant writes them once, in one script, and the agent sends them as they are inserted, so a
 * Simplified one reaches a zh-TW shopper in Traditional characters. What the shopper sees (the text,
 * the picture's description) is converted; the title, which only the agent reads and searches by,
 * and the `{name}` variables (Latin letters, which OpenCC never changes) are not. The script is the
 * reply's `locale` when that names one, else its characters'. Once per reply and conversion.
 * @example
 * const show = createCannedScript();
 * (await show({ id: 'ship', title: '发货', text: '付款后 48 小时内发货' }, 'zh-TW')).text; // '付款後 48 小時內發貨'
 */
export function createCannedScript(
  load?: (conversion: ScriptConversion) => Promise<ConvertScript>,
): ShowCanned {
  const scripts = new WeakMap<CannedReply, ChineseScript | null>();
  const scriptOf = (reply: CannedReply) => {
    let script = scripts.get(reply);
    if (script === undefined) {
      script = scriptOfLocale(reply.locale) ?? scriptOfText(`${reply.title}\n${reply.text}`) ?? null;
      scripts.set(reply, script);
    }
    return script ?? undefined;
  };
  return createScriptView<CannedReply>(
    { scriptOf, localeOf: (reply) => reply.locale, convert: convertReply },
    load,
  );
}

function convertReply(
  reply: CannedReply,
  convert: ConvertScript,
  readerLocale: string | undefined,
): CannedReply {
  const text = (value: string) => convertOutsideLinks(value, convert);
  const out: CannedReply = { ...reply, text: text(reply.text) };
  if (reply.image) out.image = { ...reply.image, alt: text(reply.image.alt) };
  // Its `locale` said the script it was written in; it now reads in the shopper's.
  if (reply.locale && readerLocale) out.locale = readerLocale.slice(0, 35);
  return out;
}
