import type { ConversationState, ErrorCode, Message } from '@kefu/protocol';
import type { FollowUp } from '../routing/follow-ups.ts';
import type { SlaEvent } from '../routing/sla.ts';
import type { TicketEvent } from '../seams/tickets.ts';

/** In-process events a merchant's integration can listen to with `hub.on(…)`. */
export interface HubEvents {
  message: { conversationId: string; message: Message };
  state: { conversationId: string; state: ConversationState };
  escalated: { conversationId: string; reason: string; group: string; priority: number };
  error: { code: ErrorCode; message: string; conversationId?: string; plugin?: string };
  connection: { role: 'shopper' | 'agent'; event: 'open' | 'close'; id: string };
  /** SLA timers: near breach, breach, met; and the breach-rate alert. */
  sla: SlaEvent;
  ticket: TicketEvent;
  /** A pending conversation's follow-up fell due. */
  followUp: FollowUp;
}
