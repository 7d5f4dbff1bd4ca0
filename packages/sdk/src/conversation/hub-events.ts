import type { ConversationState, ErrorCode, Message } from '@kefu/protocol';
import type { DispatchEvents } from '../routing/dispatcher-contract.ts';

/** In-process events a merchant's integration can listen to with `hub.on(…)`. */
export interface HubEvents extends DispatchEvents {
  message: { conversationId: string; message: Message };
  state: { conversationId: string; state: ConversationState };
  escalated: { conversationId: string; reason: string; group: string; priority: number };
  /**
   * `unavailable`: the store (or bus) could not be reached, timed out or briefly refused (a restart,
   * a failover): the hub retries what it can; not a bug. Without it, a fault to report.
   */
  error: { code: ErrorCode; message: string; conversationId?: string; plugin?: string; unavailable?: true };
  connection: { role: 'shopper' | 'agent'; event: 'open' | 'close'; id: string };
}
