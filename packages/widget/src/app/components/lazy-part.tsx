import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A component from a chunk of its own, drawn once the chunk has loaded (with its styles, added
 * once through `addStyles`): for parts of the panel few shoppers see, such as the survey after a
 * conversation and the ticket note, so the app every shopper downloads stays within its budget.
 * A chunk that fails to load (offline) is tried again when the browser is back online, and the
 * next time the part is drawn.
 * @example
 * const LazyCsat = lazyPart(() => import('./csat.tsx').then((m) => ({ Part: m.Csat, css: m.CSAT_CSS })));
 */
export function lazyPart<P extends object>(
  load: () => Promise<{ Part: FunctionComponent<P>; css?: string }>,
) {
  let Loaded: FunctionComponent<P> | undefined;
  let loading: Promise<unknown> | undefined;
  return function Lazy({ addStyles, ...props }: P & { addStyles?(css: string): void }) {
    const [, loaded] = useState(false);
    useEffect(() => {
      const fetch = () => {
        loading ??= load().then(({ Part, css }) => {
          if (css) addStyles?.(css);
          Loaded = Part;
        });
        loading.then(
          () => loaded(true),
          () => {
            loading = undefined;
            // Offline (the chat opened in a tunnel): drawn once the connection is back, not left blank.
            addEventListener('online', fetch, { once: true });
          },
        );
      };
      if (!Loaded) fetch();
    }, []);
    return Loaded ? <Loaded {...(props as P)} /> : null;
  };
}
