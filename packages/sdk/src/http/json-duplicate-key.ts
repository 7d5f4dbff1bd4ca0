/**
 * The first key that `text`, valid JSON, gives twice in one object; undefined when none is.
 * `JSON.parse` keeps the last one silently, while a proxy, a signature checker or the sender's
 * own log may read the first: the hub would then act on a request nobody else saw. One pass,
 * only keys are decoded (and only those with an escape, since `"a"` and `"\u0061"` are one key).
 * @example
 * duplicateJsonKey('{"title":"a","title":"b"}'); // 'title'
 */
export function duplicateJsonKey(text: string): string | undefined {
  // One entry per open object (its keys so far) or array (null).
  const open: Array<Set<string> | null> = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 0x22; i++)
        if (text.charCodeAt(i) === 0x5c) {
          i++;
          escaped = true;
        }
      if (!keyNext) continue;
      keyNext = false;
      const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
      const keys = open[open.length - 1];
      if (keys?.has(key)) return key;
      keys?.add(key);
    } else if (c === 0x7b) {
      open.push(new Set());
      keyNext = true;
    } else if (c === 0x5b) open.push(null);
    else if (c === 0x7d || c === 0x5d) open.pop();
    else if (c === 0x2c) keyNext = open[open.length - 1] != null;
  }
  return undefined;
}
