import { bidiSafe } from '../bidi-safe.ts';

export { bidiSafe };

/**
 * Shopper-controlled text (a name, a message, a caption, a preview) in the console: without bidi
 * controls, and in a `<bdi>`, which takes its direction from its own first letter (an Arabic name
 * is right-to-left) and keeps the UI text beside it (` · Mei`, a time) where it was.
 * @example
 * <span class="who"><Said text={shopper.name} /></span>
 */
export function Said({ text }: { text: string }) {
  return <bdi dir="auto">{bidiSafe(text)}</bdi>;
}
