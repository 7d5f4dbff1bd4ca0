import { type ChineseScript, scriptOfLocale } from '../text/chinese-script.ts';

/** The languages the config's bot tells apart in what a shopper writes (`detectLocale`). */
const LANGUAGES = ['zh', 'en'];

/** A key's parts: its language, and the region (`TW`) or script (`Hant`) it narrows it to. */
interface KeyParts {
  language: string;
  region?: string;
  script?: string;
}

function partsOf(tag: string): KeyParts {
  const [language = '', ...rest] = tag.toLowerCase().split(/[-_]/);
  const parts: KeyParts = { language };
  for (const sub of rest) {
    if (sub.length === 4 && !parts.script && !parts.region) parts.script = sub;
    else if ((sub.length === 2 || /^\d{3}$/.test(sub)) && !parts.region) parts.region = sub;
  }
  return parts;
}

/**
 * Why a `knowledgeBase` key of the config would never be chosen, or undefined for one that can
 * be: `zh` or `en`, alone or with a region (`zh-TW`, `zh-HK`, `en-GB`), or `zh-Hant` / `zh-Hans`.
 * @example
 * knowledgeBaseKeyProblem('zh-TW'); // undefined
 * knowledgeBaseKeyProblem('fr'); // 'the bot tells only Chinese (zh…) from English (en…): …'
 */
export function knowledgeBaseKeyProblem(key: string): string | undefined {
  const match = /^([a-z]{2})(?:-([A-Za-z]{2}|[A-Za-z]{4}))?$/.exec(key);
  if (!match)
    return `"${key}" is not a language key: zh or en, alone or with a region (zh-TW, zh-HK, en-GB) or a script (zh-Hant, zh-Hans)`;
  const [, language, sub] = match;
  if (!LANGUAGES.includes(language!))
    return `"${key}": the bot tells only Chinese (zh…) from English (en…) in what a shopper writes, so a ${language} knowledge base would never be chosen`;
  if (sub?.length === 4 && !(language === 'zh' && /^han[st]$/i.test(sub)))
    return `"${key}": the only scripts a key may name are zh-Hant and zh-Hans`;
  return undefined;
}

/**
 * Which of the config's knowledge bases answers a question, by index: among those of the
 * `language` it is written in, the one for the shopper's region (`zh-HK` for a zh-HK shopper),
 * else for their script (`zh-Hant` for zh-TW, zh-HK, zh-MO shoppers), else the bare language
 * (`zh`), else one of another region in the same script, else the first of the language listed;
 * the first listed when none is of the language. `script` is what the shopper's text is written in,
 * for a shopper whose locale does not say.
 * @example
 * chooseKnowledgeBase(['zh', 'zh-TW', 'en'], 'zh', 'zh-TW'); // 1
 * chooseKnowledgeBase(['zh', 'zh-TW', 'en'], 'zh', 'zh-CN'); // 0
 */
export function chooseKnowledgeBase(
  keys: readonly string[],
  language: string,
  shopperLocale: string | undefined,
  script?: ChineseScript,
): number {
  const shopper = partsOf(shopperLocale ?? '');
  const shopperScript = scriptOfLocale(shopperLocale)?.toLowerCase() ?? script?.toLowerCase();
  let best = -1;
  let bestScore = -1;
  keys.forEach((key, i) => {
    const parts = partsOf(key);
    if (parts.language !== language.toLowerCase()) return;
    const score =
      parts.region && parts.region === shopper.region
        ? 4
        : parts.script
          ? parts.script === shopperScript
            ? 3
            : 0
          : !parts.region
            ? 2
            : scriptOfLocale(key)?.toLowerCase() === shopperScript
              ? 1
              : 0;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return Math.max(best, 0);
}
