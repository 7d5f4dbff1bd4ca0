import { safeHref } from '../safe-href.ts';
import { showsNothing, withoutBidiControls } from '../text/invisible-characters.ts';

// Only HTML's own element names count as tags, so "<Enter>" or "回复 <订单号>" stay text; Word's
// namespaced leftovers (<o:p>) go too.
const TAG = /<(\/?)([a-z][a-z0-9]*)(:[a-z0-9]+)?((?:\s[^<>]*)?)\/?>/iy;
const ELEMENTS = new Set(
  `a abbr address article aside audio b bdi bdo big blockquote body br canvas caption center cite code col
colgroup dd del details dfn div dl dt em embed figcaption figure font footer h1 h2 h3 h4 h5 h6 head header hr
html i iframe img ins kbd label li main mark meta nav noscript object ol p param picture pre q rp rt ruby s samp
script section small source span strike strong style sub summary sup svg table tbody td template tfoot th thead
time title tr track tt u ul var video wbr`.split(/\s+/),
);
/**
 * Embedded media of a help centre's article: what they hold is the fallback for a browser that
 * cannot play it ("您的浏览器不支持视频") or drawing, never part of the answer.
 */
const EMBEDS = /^(?:iframe|video|audio|object|svg|canvas|template|noscript)$/;
/** Elements that end a line before and after them. */
const BLOCKS = new Set(
  `address article aside blockquote body caption dd details div dl dt figcaption figure footer h1 h2 h3
h4 h5 h6 header hr li main nav ol p pre section summary table tr ul`.split(/\s+/),
);
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/iy;
const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  times: '×',
  deg: '°',
  yen: '¥',
  euro: '€',
  copy: '©',
  reg: '®',
  trade: '™',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
};
/** An attribute's value as written (quoted or not), entities decoded; undefined when it is absent. */
function attribute(attributes: string, name: 'href' | 'src' | 'alt'): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attributes);
  const raw = m?.[1] ?? m?.[2] ?? m?.[3];
  return raw === undefined ? undefined : decodeEntities(raw);
}
// A label holds no bracket, so each "[" is tried up to the next one only (linear).
const MD_LINK = /(!?)\[([^[\]\n]+)\]\(\s*<?([^\s()<>]+)>?(?:\s+"[^"\n]*")?\s*\)/y;
const AUTOLINK = /<((?:https?|mailto):[^\s<>]+)>/iy;
const HEADING = /#{1,6}[ \t]+/y;
const ALNUM = /[a-z0-9]/i;
/** The first character of each kind of markup the pass reads (a tag, an entity, emphasis, a link, a heading). */
const MARKUP_START = /[<&*_[!#]/g;
// After a link's address: what the chat's link ends on, so "退货页: https://…/r后" does not link "r后".
const ENDS_LINK = /[\s，。！？、；：）」』】.,!?;:)\]}"'<>]/;

/** How {@link plainAnswer} reads an answer. */
export interface PlainAnswerOptions {
  /**
   * Whether a picture's http(s) address follows its alt text (default true, as the chat shows it).
   * The index reads the alt text only: an image's file name ("IMG_2031.png") says nothing of the topic.
   */
  imageAddresses?: boolean;
}

/**
 * An answer as the chat shows it, the text the built-in bot sends (public: for a merchant's own bot).
 *
 * HTML and Markdown from a help centre's export become plain text
 * (a paragraph, a line break or a list item a new line, `<li>` "• ", a link "label: https://…",
 * a picture "alt text: https://…" (the chat shows text, and links its http(s) addresses, so the
 * shopper can still open it; `alt=""` marks a decorative one, dropped; any other scheme gives the
 * alt text alone), entities decoded, every other tag dropped). Text that is not markup ("a < b", "<3", "x*y") is
 * returned as it is, and so is text that would be left empty, less bidi embeddings, overrides and
 * isolates: a U+202E, written or as `&#8238;`, made the address after it read backwards. One pass
 * over the text: an answer is converted each time it is sent.
 * @example
 * plainAnswer('<p>满 99 包邮</p><p>见 <a href="https://shop.example/r">退货页</a></p>');
 * // '满 99 包邮\n见 退货页: https://shop.example/r'
 */
export function plainAnswer(text: string, options: PlainAnswerOptions = {}): string {
  return withoutBidiControls(readMarkup(text, options).plain);
}

/**
 * A button's text as the chat shows it (a "did you mean" question, a quick reply's label): the
 * plain text of its markup on one line, as a button has one.
 * @example
 * plainLabel('<p>退货</p><p><b>运费</b></p>'); // '退货 运费'
 */
export function plainLabel(text: string): string {
  const plain = plainAnswer(text);
  return plain === text ? text : plain.replace(/\s*\n\s*/g, ' ');
}

/** What {@link readMarkup} found: the plain text, and the first markup it converted, as written. */
export interface MarkupRead {
  plain: string;
  /** Undefined when the text holds none (then `plain` is the text). */
  markup?: string;
}

/**
 * The one reader of an entry's markup: the bot sends `plain`, the index reads its words
 * (answerText) and the doctor quotes `markup` (markupFindings), so what is indexed, reported and
 * sent cannot disagree on what is markup.
 * @example
 * readMarkup('满 99 <b>包邮</b>'); // { plain: '满 99 包邮', markup: '<b>' }
 */
export function readMarkup(text: string, options: PlainAnswerOptions = {}): MarkupRead {
  const imageAddresses = options.imageAddresses ?? true;
  MARKUP_START.lastIndex = 0;
  const start = MARKUP_START.exec(text)?.index;
  // Most answers hold none: they cost one search, not the pass's set-up.
  if (start === undefined) return { plain: text };
  // Pieces, not one string: trimming or cutting a long concatenated string copies all of it.
  const out: string[] = [];
  // New lines owed before the next text (a <br> adds one, a block end asks for at least one).
  let breaks = 0;
  let trimNext = false;
  let afterLink = false;
  let changed = false;
  let link: { start: number; href: string | undefined } | undefined;
  const emphasis: number[] = [];
  const next = nextIndex(text);

  const put = (value: string) => {
    let v = value;
    if (breaks || trimNext) v = v.replace(/^\s+/, '');
    if (!v) return;
    if (breaks) {
      trimEnd(out);
      // A link opened since the last text: its label starts after the new line (which ends a link too).
      const labelNext = link && link.start >= out.length;
      if (out.length) out.push('\n'.repeat(breaks));
      if (labelNext) link!.start = out.length;
      breaks = 0;
      afterLink = false;
    }
    if (afterLink && !ENDS_LINK.test(v[0]!)) out.push(' ');
    trimNext = afterLink = false;
    out.push(v);
  };
  const putLink = (label: string, href: string | undefined) => {
    const shown = linkText(label, href);
    put(shown.text);
    afterLink = shown.url;
  };
  const lineBreak = (min: number, add = 0) => {
    breaks = Math.min(2, Math.max(breaks + add, min));
  };
  const closeLink = () => {
    if (!link) return;
    const { start, href } = link;
    link = undefined;
    const label = out.splice(start).join('').trim();
    // A line break at the label's end belongs after the address, not before the label.
    const owed = breaks;
    breaks = 0;
    putLink(label, href);
    breaks = owed;
  };

  let i = start;
  // Where the text not yet copied to `out` starts.
  let plain = 0;
  let first: string | undefined;
  /**
   * Copies the text before `from`, then skips the markup up to `to`: the caller puts what it shows.
   * `quoteTo` is where the markup a merchant would recognise ends (a bold run, not its `**` alone).
   */
  const markup = (from: number, to: number, quoteTo = to) => {
    if (from > plain) put(text.slice(plain, from));
    if (first === undefined && to > from) first = text.slice(from, quoteTo);
    changed = true;
    plain = i = to;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '<') {
      if (text.startsWith('<!--', i)) {
        const end = next('-->', i + 4);
        if (end >= 0) {
          markup(i, end + 3);
          continue;
        }
      }
      AUTOLINK.lastIndex = i;
      const auto = AUTOLINK.exec(text);
      if (auto) {
        markup(i, i + auto[0].length);
        putLink(auto[1]!, auto[1]!);
        continue;
      }
      TAG.lastIndex = i;
      const tag = TAG.exec(text);
      const name = tag?.[2]?.toLowerCase() ?? '';
      if (tag && (ELEMENTS.has(name) || tag[3])) {
        const closing = tag[1] === '/';
        let end = i + tag[0].length;
        if (!closing && /^(?:script|style|head|title)$/.test(name)) {
          // Their text is code or a page's title, never part of the answer.
          const close = next(`</${name}`, end, true);
          end = close < 0 ? text.length : close;
        } else if (!closing && EMBEDS.test(name) && !tag[0].endsWith('/>')) {
          // Unclosed (sloppy HTML), only the tag goes: the rest is still the answer.
          const close = next(`</${name}`, end, true);
          if (close >= 0) end = close;
        }
        // A script's or a style's text is not what the merchant would call the markup.
        markup(i, end, i + tag[0].length);
        if (name === 'br') lineBreak(0, 1);
        else if (name === 'li' && !closing) {
          lineBreak(1);
          put('• ');
          trimNext = true;
        } else if (BLOCKS.has(name)) lineBreak(1);
        else if ((name === 'td' || name === 'th') && closing) put(' ');
        else if (name === 'a') {
          closeLink();
          if (!closing) link = { start: out.length, href: attribute(tag[4] ?? '', 'href') };
        } else if (name === 'img' && !closing) {
          // A picture was dropped whole, and with it the size chart the answer pointed to.
          const alt = plainLabel(attribute(tag[4] ?? '', 'alt') ?? '').trim();
          const src = attribute(tag[4] ?? '', 'src');
          // Inside a link its alt text is the link's label; alt="" is HTML's mark of a decorative one.
          if (link) put(alt);
          else if (alt || attribute(tag[4] ?? '', 'alt') === undefined)
            putLink(alt, imageAddresses ? src : undefined);
        }
        continue;
      }
    } else if (c === '&') {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(text);
      const decoded = m ? entity(m) : undefined;
      if (m && decoded !== undefined) {
        markup(i, i + m[0].length);
        put(decoded);
        continue;
      }
    } else if (c === '*' || c === '_') {
      while (emphasis.length && emphasis.at(-1)! < i) emphasis.pop();
      const marker = text[i + 1] === c ? c + c : c;
      if (emphasis.at(-1) === i) {
        emphasis.pop();
        markup(i, i + marker.length);
        continue;
      }
      const close = emphasisEnd(text, i, marker, next);
      if (close >= 0) {
        // Only the markers go: the text between goes through the same pass (a link in bold).
        emphasis.push(close);
        markup(i, i + marker.length, close + marker.length);
        continue;
      }
    } else if (c === '[' || (c === '!' && text[i + 1] === '[')) {
      MD_LINK.lastIndex = i;
      const m = MD_LINK.exec(text);
      if (m) {
        markup(i, i + m[0].length);
        // A picture as a link to it: its alt text, then its http(s) address (see plainAnswer).
        putLink(plainAnswer(m[2]!), m[1] && !imageAddresses ? undefined : m[3]);
        continue;
      }
    } else if (c === '#' && (i === 0 || text[i - 1] === '\n')) {
      HEADING.lastIndex = i;
      const m = HEADING.exec(text);
      if (m) {
        const line = next('\n', i);
        markup(i, i + m[0].length, line < 0 ? text.length : line);
        continue;
      }
    }
    // Only these characters can start markup: the text between them is skipped at the regex
    // engine's speed (the index reads every answer this way, not only those sent).
    MARKUP_START.lastIndex = i + 1;
    i = MARKUP_START.exec(text)?.index ?? text.length;
  }
  if (!changed) return { plain: text };
  markup(text.length, text.length);
  closeLink();
  const shown = out
    .join('')
    .replace(/\n[ \t]*\n(?:[ \t]*\n)+/g, '\n\n')
    .trim();
  // Markup alone (an image, an empty paragraph) would be an empty message, which no shopper can use.
  return { plain: shown || text, ...(first !== undefined && { markup: first }) };
}

function trimEnd(parts: string[]): void {
  while (parts.length) {
    const last = parts.at(-1)!.trimEnd();
    if (last) {
      parts[parts.length - 1] = last;
      return;
    }
    parts.pop();
  }
}

/** A link as text: "label: address", the address alone when it is the label, the label alone for an unsafe target. */
function linkText(label: string, href: string | undefined): { text: string; url: boolean } {
  const target = href === undefined ? undefined : linkTarget(href.trim());
  if (!target) return { text: label, url: false };
  const bare = (s: string) => s.replace(/^(?:https?:\/\/|mailto:)/i, '').replace(/\/$/, '');
  const same = !label || bare(label) === bare(target) || bare(label) === bare(href!.trim());
  return { text: same ? target : `${label}: ${target}`, url: true };
}

/**
 * What the chat can show of a link's target: an http(s) URL as the widget links it (safeHref), an
 * e-mail address without "mailto:" (which no shopper would type), nothing for any other scheme.
 */
function linkTarget(href: string): string | undefined {
  const mail = /^mailto:([^?#]+)/i.exec(href);
  if (!mail) return safeHref(href);
  try {
    const address = decodeURIComponent(mail[1]!);
    return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address) ? address : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The character an entity stands for; undefined for one it does not know (left as written), nothing
 * for one that shows nothing (a control, a bidi or zero-width character): in the console's review an
 * `&#8238;` reads as markup, in the chat it reversed the address after it.
 */
function entity(m: RegExpExecArray): string | undefined {
  const [, decimal, hex, name] = m;
  if (name) return Object.hasOwn(NAMED, name) ? NAMED[name] : undefined;
  const code = decimal ? Number(decimal) : Number.parseInt(hex!, 16);
  const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
  if (!valid) return undefined;
  if (showsNothing(code)) return '';
  // Line and paragraph separators break lines as a new line does, and collapse with them.
  return code === 0x2028 || code === 0x2029 ? '\n' : String.fromCodePoint(code);
}

function decodeEntities(value: string): string {
  return value.replace(
    new RegExp(ENTITY.source, 'gi'),
    (...m) => entity(m as unknown as RegExpExecArray) ?? m[0],
  );
}

/**
 * Where the emphasis `marker` opened at `i` closes on its line, or -1 when it is not one: Markdown's
 * flanking rules, so "x*y", "2*3" and snake_case stay as written.
 */
function emphasisEnd(
  text: string,
  i: number,
  marker: string,
  next: (needle: string, from: number) => number,
): number {
  const c = marker[0]!;
  const word = c === '*' ? ALNUM : /[\p{L}\p{N}_]/u;
  const before = text[i - 1];
  const first = text[i + marker.length];
  if ((before && (word.test(before) || before === c)) || !first || /\s/.test(first) || first === c) return -1;
  const close = next(marker, i + marker.length);
  if (close < 0) return -1;
  const line = next('\n', i);
  const after = text[close + marker.length];
  const ok =
    (line < 0 || line > close) &&
    !/\s/.test(text[close - 1]!) &&
    !(after && (word.test(after) || after === c));
  return ok ? close : -1;
}

/**
 * indexOf that remembers, per needle, what it found: the pass searches from ever later positions,
 * so each stretch of text is searched once for each needle (linear, however many "<!--" or "*").
 */
function nextIndex(text: string): (needle: string, from: number, anyCase?: boolean) => number {
  const found = new Map<string, number>();
  return (needle, from, anyCase = false) => {
    const known = found.get(needle);
    if (known !== undefined && (known < 0 || known >= from)) return known;
    let at = text.indexOf(needle, from);
    if (anyCase) {
      const pattern = new RegExp(needle, 'gi');
      pattern.lastIndex = from;
      at = pattern.exec(text)?.index ?? -1;
    }
    found.set(needle, at);
    return at;
  };
}
