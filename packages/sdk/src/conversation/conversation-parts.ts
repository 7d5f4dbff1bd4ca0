import type { ImageLibrary } from '../images/image-library.ts';
import type { Dispatcher } from '../routing/dispatcher.ts';
import type { RoutePlugin } from '../seams/plugins.ts';
import type { WebhookRecorder } from '../seams/webhook-events.ts';
import type { Assistant } from './assistant.ts';

/** What the conversation service is built on, made before it by the composition root. */
export interface ConversationParts {
  dispatcher: Dispatcher;
  /** Who has the chat open, cluster-wide. */
  presence: { online(conversationId: string): boolean };
  /** The router: the merchant's, or the default one built on this hub's agent directory. */
  route: RoutePlugin;
  /** Agent assist: knowledge-base and canned-reply suggestions. */
  assistant: Assistant;
  /** The webhook outbox. */
  webhooks: WebhookRecorder;
  /**
   * Quick-reply payloads the hub answers itself (a notification's "stop these updates"): true
   * when handled, and then the bot does not take a turn on the tap.
   */
  payloads?: PayloadHandler;
  /** The hub's photos, when it takes them (`images` option). */
  images?: ImageLibrary;
}

/** Handles a tapped quick reply's payload in a conversation; false leaves it to the bot. */
export type PayloadHandler = (conversationId: string, payload: string) => Promise<boolean>;
