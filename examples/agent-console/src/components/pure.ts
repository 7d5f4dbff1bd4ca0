import { Component, type ComponentType, h } from 'preact';

/** Props equal one by one (by identity), as a memoized component compares them. */
export function sameProps<P extends object>(before: P, after: P): boolean {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key in a) if (!(key in b)) return false;
  for (const key in b) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * The component, drawn again only when its props changed (by `same`, each prop by identity unless
 * given), as preact/compat's `memo`, without importing compat (whose option hooks change every
 * element). A transcript row made with it is drawn once, not again on each message after it.
 * @example
 * const Row = pure(function Row({ message }: { message: Message }) { return <div>{message.seq}</div>; });
 */
export function pure<P extends object>(
  inner: ComponentType<P>,
  same: (before: P, after: P) => boolean = sameProps,
): ComponentType<P> {
  return class Pure extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      return !same(this.props, next);
    }
    override render(props: P) {
      return h(inner, props);
    }
  };
}
