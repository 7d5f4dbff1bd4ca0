import { type ChineseScript, conversionFor, type ScriptConversion } from './chinese-script.ts';
import { type ConvertScript, loadScriptConverter } from './script-converter.ts';

/** What a reader of `readerLocale` is shown of `item`: `item` itself when no conversion applies. */
export type ShowInScript<T> = (item: T, readerLocale: string | undefined) => Promise<T>;

/** How one kind of text-bearing object is shown in another script. */
export interface ScriptViewOf<T extends object> {
  /** The script `item` is written in, if it has one. */
  scriptOf(item: T): ChineseScript | undefined;
  /** The locale `item` says it is written in, if any. */
  localeOf(item: T): string | undefined;
  /** A copy of `item` with what the reader sees run through `convert`. */
  convert(item: T, convert: ConvertScript, readerLocale: string | undefined): T;
}

/**
 * Shows objects written in one Chinese script in the reader's (knowledge-base entries, canned
 * replies): each converted once per conversion and remembered for as long as the object lives. If
 * the converter cannot load, the object is shown as written: it still serves its reader.
 * @example
 * const show = createScriptView({ scriptOf: () => 'Hans', localeOf: () => undefined, convert: (s, c) => c(s) });
 */
export function createScriptView<T extends object>(
  of: ScriptViewOf<T>,
  load: (conversion: ScriptConversion) => Promise<ConvertScript> = loadScriptConverter,
): ShowInScript<T> {
  const shown = new WeakMap<T, Map<ScriptConversion, T>>();
  return async (item, readerLocale) => {
    const script = of.scriptOf(item);
    const conversion = script && conversionFor(script, readerLocale, of.localeOf(item));
    if (!conversion) return item;
    const known = shown.get(item)?.get(conversion);
    if (known) return known;
    let convert: ConvertScript;
    try {
      convert = await load(conversion);
    } catch {
      // opencc-js left out of a deployment: an answer as written still answers, where a failed
      // turn would hand the shopper to a person.
      return item;
    }
    // Looked up again: another reader may have converted the object while the converter loaded.
    const byConversion = shown.get(item) ?? new Map<ScriptConversion, T>();
    shown.set(item, byConversion);
    const converted = byConversion.get(conversion) ?? of.convert(item, convert, readerLocale);
    byConversion.set(conversion, converted);
    return converted;
  };
}
