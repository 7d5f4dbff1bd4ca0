export type { ConnectionStatus, WebSocketConstructor } from '../transport/socket.ts';
export {
  type AgentClient,
  type AgentClientEvents,
  type AgentClientOptions,
  createAgentClient,
  type OpenConversation,
  QaHeldError,
} from './agent-client.ts';
