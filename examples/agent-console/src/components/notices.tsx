import { hubRefusal, refusalText } from '../action-error.ts';
import type { ConsoleState } from '../console-state.ts';
import type { Strings } from '../strings.ts';

/**
 * The hub refused this agent on a reconnect (a profile the merchant's plug-in rejects, a token
 * revoked): the client stopped for good, so the agent is told why and given a way to sign in
 * again, instead of a header saying "Failed" over a desk that no longer works.
 */
export function Stopped({
  t,
  reason,
  onSignInAgain,
}: {
  t: Strings;
  reason: string | undefined;
  onSignInAgain: () => void;
}) {
  const refusal = hubRefusal(reason);
  const why = refusal ? refusalText(refusal, t) : reason || t.connection.failed!;
  return (
    <div class="flash stopped" role="alert">
      <span>{t.stoppedFor(why)}</span>
      <button type="button" class="secondary" onClick={onSignInAgain}>
        {t.signInAgain}
      </button>
    </div>
  );
}

/** Says that the link's `?hub=` was not used, so the agent knows which hub they are on. */
export function HubIgnored({ t, hub }: { t: Strings; hub: string | undefined }) {
  return hub ? (
    <div class="flash hub-ignored" role="alert">
      <span>{t.hubIgnored(hub)}</span>
    </div>
  ) : null;
}

/**
 * New work and alerts, spoken by a screen reader (sighted agents hear the chime, see the inbox): its
 * own component, so an announcement redraws one line, not the app.
 */
export function Announcement({ state }: { state: ConsoleState }) {
  return (
    <p class="sr-only" role="status">
      {state.announcement.value}
    </p>
  );
}
