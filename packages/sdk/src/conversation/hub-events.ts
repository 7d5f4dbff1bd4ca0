import type { ConversationState, ErrorCode, Message } from '@kefu/protocol';
import type { DispatchEvents } from '../routing/dispatcher-contract.ts';

/** In-process events a merchant's integration can listen to with `hub.on(…)`. */
export interface HubEvents extends DispatchEvents {
  message: { conversationId: string; message: Message };
  state: { conversationId: string; state: ConversationState };
  escalated: { conversationId: string; reason: string; group: string; priority: number };
  error: { code: ErrorCode; message: string; conversationId?: string; plugin?: string };
  connection: { role: 'shopper' | 'agent'; event: 'open' | 'close'; id: string };
}
