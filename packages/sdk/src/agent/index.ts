// The error every client throws and rejects with, to switch on its `code` without importing @kefu/protocol.

// The types of the client's events and methods, for a console's own code.
export type {
  AgentContent,
  AgentStatus,
  AlertFrame,
  AssistFrame,
  CannedReply,
  Content,
  ConversationState,
  ImageContent,
  InboxItem,
  Message,
  Note,
} from '@kefu/protocol';
export { ERROR_CODE_LIST, type ErrorCode, isKefuError, KefuError } from '@kefu/protocol';
export type { ConnectionStatus, WebSocketConstructor } from '../transport/socket.ts';
export { type AgentClient, createAgentClient } from './agent-client.ts';
export type { AgentClientEvents, InboxChange } from './agent-client-events.ts';
export type { AgentClientOptions, ConnectOptions } from './agent-client-options.ts';
export { hubHttpOrigin, type UploadBody } from './agent-upload.ts';
export type { LivenessOptions } from './liveness.ts';
export type { OpenConversation } from './open-conversation.ts';
export { QaHeldError } from './qa-held-error.ts';
