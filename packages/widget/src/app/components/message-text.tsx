import { splitLinks } from '@kefu/sdk/client/light';

/**
 * Message text as text nodes (never HTML), with http(s) URLs as links that open in a new tab
 * without giving the opened page a handle on this one.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, i) =>
        'href' in part ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
