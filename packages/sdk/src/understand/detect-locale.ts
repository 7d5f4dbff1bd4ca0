/**
 * `zh` when the message has Chinese characters in a meaningful share, else `en`. Shoppers mix
 * ("这个size偏大吗"), so a few Han characters among Latin words are enough for Chinese.
 *
 * @example
 * detectLocale('这个 hoodie 偏大吗'); // 'zh'
 * detectLocale('where is my parcel'); // 'en'
 */
export function detectLocale(text: string): 'zh' | 'en' {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[A-Za-z]+/g)?.length ?? 0;
  return han > 0 && han * 2 >= latin ? 'zh' : 'en';
}
