import type { AgentStatus, TICKET_ACTIONS } from '@kefu/protocol';
import type { AgentClient } from '@kefu/sdk/agent';
import { computed, type ReadonlySignal, type Signal } from '@preact/signals';
import type { consoleAlerts } from './console-alerts.ts';
import type { ConsoleClient } from './console-client.ts';
import type { ConsoleConversations } from './console-conversations.ts';
import type { consoleDrafts } from './console-drafts.ts';
import type { ConsoleNotices } from './console-notices.ts';

/** A colleague online now, with how many conversations they hold and how many they take at once. */
export interface AssignableColleague {
  id: string;
  name: string;
  groups: string[];
  active?: number;
  capacity?: number;
}

/** How full a colleague is (0 when the hub does not say): the dialog lists the least loaded first. */
function loadShare(c: AssignableColleague): number {
  return c.capacity ? (c.active ?? 0) / c.capacity : 0;
}
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** What the actions read and change in the rest of the console. */
export interface ConsoleActionsDeps {
  me: ReadonlySignal<AgentClient['profile']>;
  agentStatus: Signal<AgentStatus>;
  alerts: Pick<ReturnType<typeof consoleAlerts>, 'drop'>;
  composer: Pick<ReturnType<typeof consoleDrafts>, 'drop'>;
  conversations: Pick<ConsoleConversations, 'handing' | 'closeTab' | 'refresh'>;
  notices: Pick<ConsoleNotices, 'flash' | 'report'>;
}

/**
 * What an agent does to a conversation besides replying (a note, a transfer, an assignment, a
 * close, a follow-up, a ticket, tags, a hand-back, older history) and to their own status; each
 * resolves false, with the reason in the flash, when the hub refuses.
 * @example
 * const actions = consoleActions(client, { me, agentStatus, alerts, composer, conversations, notices });
 * await actions.close('c_1', 'solved');
 */
export function consoleActions(client: ConsoleClient, deps: ConsoleActionsDeps) {
  const { me, agentStatus, alerts, composer, notices } = deps;
  const { handing, closeTab, refresh } = deps.conversations;
  const { flash, report } = notices;

  /** Runs an action; on failure shows why and resolves false. */
  async function attempt(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      flash.value = undefined;
      return true;
    } catch (error) {
      report(error);
      return false;
    }
  }

  return {
    note: (id: string, text: string) => attempt(() => client.note(id, text.trim())),
    typingOn: (id: string, on: boolean) => client.typing(id, on),
    /**
     * The colleagues online now, whom a transfer to a person can reach; undefined when the hub
     * cannot say (an older hub), so the dialog falls back to every configured colleague.
     */
    async colleaguesOnline(): Promise<{ id: string; name: string; groups: string[] }[] | undefined> {
      try {
        const online = await client.agentsOnline();
        // With their groups: a transfer may go to a group of a colleague's (transfer-groups.ts).
        return online
          .filter((a) => a.id !== me.value?.id)
          .map(({ id, name, groups }) => ({ id, name, groups }));
      } catch {
        return undefined;
      }
    },
    /** The welcome says this agent may hand waiting conversations to colleagues (supervisors always may). */
    mayAssign: computed(() => me.value?.supervisor === true || me.value?.mayAssign === true),
    /**
     * Whom a waiting conversation can be assigned to: the colleagues online now with their load
     * (conversations held / capacity), least loaded first; undefined when the hub cannot say.
     */
    async assignable(): Promise<AssignableColleague[] | undefined> {
      try {
        const online = await client.agentsOnline();
        return online
          .filter((a) => a.id !== me.value?.id)
          .map(({ id, name, groups, active, capacity }) => ({
            id,
            name,
            groups,
            ...(active === undefined ? {} : { active }),
            ...(capacity === undefined ? {} : { capacity }),
          }))
          .sort((a, b) => loadShare(a) - loadShare(b));
      } catch {
        return undefined;
      }
    },
    /** Hands a waiting conversation to a colleague (it leaves the queue and lands in their inbox). */
    assign(id: string, agentId: string, options: { force?: boolean; note?: string } = {}) {
      const note = options.note?.trim();
      return attempt(() =>
        client.assign(id, agentId, { ...(options.force ? { force: true } : {}), ...(note ? { note } : {}) }),
      );
    },
    async transfer(id: string, to: { agentId: string } | { group: string }, note?: string) {
      handing.add(id);
      const ok = await attempt(() => client.transfer(id, to, note?.trim() || undefined)).finally(() =>
        handing.delete(id),
      );
      // The conversation is the colleague's now: its tab goes, and its alerts (their Open would be refused).
      if (ok) {
        alerts.drop(id);
        composer.drop(id);
        await closeTab(id);
      }
      return ok;
    },
    async close(id: string, resolution: string) {
      const ok = await attempt(() => client.close(id, resolution));
      if (ok) {
        alerts.drop(id);
        composer.drop(id);
      }
      return ok;
    },
    pending: (id: string, dueAt: number, note?: string) =>
      attempt(() => client.pending(id, dueAt, note?.trim() || undefined)),
    ticket: (id: string, action: TicketAction, note?: string) =>
      attempt(() => client.ticket(id, action, note?.trim() || undefined)),
    /** Saves the conversation's tags; the chips update from the state the hub sends back. */
    tags: (id: string, tags: string[]) => attempt(() => client.tags(id, tags)),
    async handback(id: string) {
      handing.add(id);
      const ok = await attempt(() => client.handback(id)).finally(() => handing.delete(id));
      if (ok) {
        alerts.drop(id);
        composer.drop(id);
        await closeTab(id);
      }
      return ok;
    },
    loadOlder: (id: string) =>
      attempt(async () => {
        await client.loadOlder(id);
        refresh(id);
      }),
    loadEarlier: (id: string) =>
      attempt(async () => {
        await client.loadEarlier(id);
        refresh(id);
      }),
    async setStatus(next: AgentStatus): Promise<boolean> {
      const before = agentStatus.value;
      agentStatus.value = next;
      const ok = await attempt(() => client.setStatus(next));
      if (!ok) agentStatus.value = before;
      return ok;
    },
  };
}
