import { plainAnswer } from './plain-answer.ts';

/**
 * An e-mail address, tried only where a run of its characters starts: tried at every position, a
 * long word with no address in it (4,000 letters, within an answer's length) was read to its end
 * from each of its letters, quadratic (0.16-0.34 s a call in a scratch run). Exported for that test.
 */
export const EMAIL_ADDRESS = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/**
 * The words of an answer as a shopper reads them, for indexing only: the plain text the bot sends
 * (plainAnswer, so what is indexed is what is sent, a picture by its alt text only), without e-mail addresses and with each URL cut
 * to its path. Indexed as written, `<a href="https://shop.example.com/help/returns">` added "a",
 * "href", "https" and the shop's domain to every answer that links somewhere, so those words looked
 * like shop vocabulary to every query (and a shopper's typo got corrected towards them). A link's
 * path is kept: the merchant named it after the topic ("/returns", "/account/orders").
 *
 * @example
 * answerText('See <a href="https://x.example/returns">our page</a>.'); // 'See our page:  returns '
 */
export function answerText(answer: string): string {
  return (
    plainAnswer(answer, { imageAddresses: false })
      // E-mail addresses, then bare URLs (to their path words).
      .replace(EMAIL_ADDRESS, ' ')
      .replace(/\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi, (url) => ` ${pathWords(url)} `)
  );
}

/** "https://shop.example.com/help/shipping#rates" → "help shipping rates": the path, no scheme or host. */
function pathWords(url: string): string {
  const path = url.replace(/^(?:[a-z]+:)?\/\/[^/?#]*/i, '').replace(/^www\.[^/?#]*/i, '');
  return path.replace(/[/?#=&._-]+/g, ' ').trim();
}
