import type { Store, StoredConversation } from '../store/store.ts';

/** How recently a device's conversation must have moved to follow its shopper into their sign-in. */
export const CARRY_WINDOW_MS = 60 * 60_000;

/**
 * The conversation a shopper was having anonymously on this device, when they sign in: it goes on
 * as theirs (a ticket's promised reply included) instead of being left behind on a device id the
 * widget no longer shows. Only one still open, that moved within `CARRY_WINDOW_MS` and is newer than
 * `theirs` (the signed-in shopper's own latest, if any): on a shared computer an earlier visitor's
 * conversation, idle for an hour or closed, never follows the next person who signs in.
 */
export async function conversationToCarry(
  store: Pick<Store, 'findLatestConversation'>,
  siteKey: string,
  deviceShopperId: string,
  theirs: StoredConversation | null,
  now: number,
): Promise<StoredConversation | null> {
  if (theirs && theirs.state.status !== 'closed') return null;
  const device = await store.findLatestConversation(siteKey, deviceShopperId);
  if (!device || device.state.status === 'closed' || device.updatedAt < now - CARRY_WINDOW_MS) return null;
  return theirs && theirs.createdAt >= device.createdAt ? null : device;
}
