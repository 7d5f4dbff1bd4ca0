/**
 * Keeps `value` under `key` in localStorage (sessionStorage with `session`), where storage is
 * allowed; '' removes the key, so a value given up leaves nothing behind.
 */
export function keep(key: string, value: string, session?: 1): void {
  try {
    const storage = session ? sessionStorage : localStorage;
    if (value) storage.setItem(key, value);
    else storage.removeItem(key);
  } catch {}
}

/**
 * What the page's localStorage (sessionStorage with `session`) holds under `key`, or '' where
 * storage is refused (some private modes, sandboxed frames).
 */
export function stored(key: string, session?: 1): string {
  try {
    return (session ? sessionStorage : localStorage).getItem(key) ?? '';
  } catch {
    return '';
  }
}
