import { useState } from 'preact/hooks';
import type { Strings } from '../strings.ts';

/** Sign-in with an agent token (a password field: tokens are secrets), plus demo shortcuts. */
export function SignIn({
  t,
  demoTokens = [],
  error,
  waiting,
  onSignIn,
  onCancel,
}: {
  t: Strings;
  demoTokens?: { name: string; token: string }[];
  error?: string | undefined;
  /** Why the sign-in under way has not finished yet (the hub cannot be reached), if it says. */
  waiting?: string | undefined;
  onSignIn: (token: string) => Promise<void>;
  /** Gives up the sign-in under way (its promise then settles). */
  onCancel?: () => void;
}) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const go = async (value: string) => {
    if (!value.trim() || busy) return;
    setBusy(true);
    await onSignIn(value.trim());
    setBusy(false);
  };
  return (
    <main class="sign-in">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void go(token);
        }}
      >
        <h1>{t.signInTitle}</h1>
        <label for="token">{t.tokenLabel}</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="current-password"
          value={token}
          aria-describedby="token-help"
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <p id="token-help" class="muted">
          {demoTokens.length > 0 ? t.tokenHelpDemo : t.tokenHelp}
        </p>
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        {/* Always in the page, so a screen reader announces the text when it appears. */}
        <p class="waiting" role="status">
          {busy ? waiting : null}
        </p>
        <button type="submit" disabled={busy || !token.trim()}>
          {busy ? t.signingIn : t.signIn}
        </button>
        {busy && waiting && onCancel ? (
          <button type="button" class="secondary" onClick={onCancel}>
            {t.cancelSignIn}
          </button>
        ) : null}
        {demoTokens.length > 0 ? (
          <fieldset class="demo">
            <legend>{t.demoAccounts}</legend>
            {demoTokens.map((d) => (
              <button
                key={d.token}
                type="button"
                class="secondary"
                data-token={d.token}
                disabled={busy}
                onClick={() => void go(d.token)}
              >
                {d.name}
              </button>
            ))}
          </fieldset>
        ) : null}
      </form>
    </main>
  );
}
