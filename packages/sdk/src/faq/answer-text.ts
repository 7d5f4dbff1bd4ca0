/**
 * The words of an answer as a shopper reads them, for indexing only (the answer is sent as written).
 * Answers pasted from a help centre carry HTML tags, entities, Markdown links and URLs; indexed as
 * text, `<a href="https://shop.example.com/help/returns">` adds "a", "href", "https" and the shop's
 * domain to every answer that links somewhere, so those words look like shop vocabulary to every
 * query (and a shopper's typo gets corrected towards them). A link's path is kept: the merchant
 * named it after the topic ("/returns", "/account/orders").
 *
 * @example
 * answerText('See <a href="https://x.example/returns">our page</a>.'); // 'See  returns our page  .'
 */
export function answerText(answer: string): string {
  return (
    answer
      // A tag goes, but a link's target (HTML or Markdown) leaves its path words; the text stays.
      .replace(/<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi, (tag) => {
        const href = /\bhref\s*=\s*(["'])(.*?)\1/i.exec(tag)?.[2];
        return href ? ` ${pathWords(href)} ` : ' ';
      })
      .replace(
        /\[([^\]\n]*)\]\(([^)\s]*)\)/g,
        (_, label: string, url: string) => `${label} ${pathWords(url)}`,
      )
      // Character entities.
      .replace(/&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi, ' ')
      // E-mail addresses, then bare URLs (to their path words).
      .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' ')
      .replace(/\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi, (url) => ` ${pathWords(url)} `)
  );
}

/** "https://shop.example.com/help/shipping#rates" → "help shipping rates": the path, no scheme or host. */
function pathWords(url: string): string {
  const path = url.replace(/^(?:[a-z]+:)?\/\/[^/?#]*/i, '').replace(/^www\.[^/?#]*/i, '');
  return path.replace(/[/?#=&._-]+/g, ' ').trim();
}
