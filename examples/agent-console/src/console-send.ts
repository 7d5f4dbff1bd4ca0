import { isKefuError, LIMITS } from '@kefu/protocol';
import type { AgentClient } from '@kefu/sdk/agent';
import { QaHeldError } from '@kefu/sdk/agent';
import type { ReadonlySignal } from '@preact/signals';
import { signal } from '@preact/signals';
import type { consoleAlerts } from './console-alerts.ts';
import type { ConsoleClient } from './console-client.ts';
import type { consoleConversations } from './console-conversations.ts';
import type { consoleDrafts } from './console-drafts.ts';
import type { ConsoleImages } from './console-images.ts';
import type { ConsoleNotices } from './console-notices.ts';
import type { Strings } from './strings.ts';

/** Refusals that say the conversation is no longer the agent's to write to (a colleague's, closed, erased). */
const GONE: ReadonlySet<string> = new Set(['forbidden', 'conflict', 'not_found']);

/**
 * An agent's reply on its way to the shopper, with the image staged beside it, and which
 * conversations have one pending.
 * @example
 * const replies = consoleSend(client, { t, me, images, composer, alerts, conversations, notices });
 * await replies.send('c_1', 'Hello');
 */
export function consoleSend(
  client: Pick<ConsoleClient, 'send'>,
  {
    t,
    me,
    images,
    composer,
    alerts,
    conversations,
    notices,
  }: {
    t: ReadonlySignal<Strings>;
    me: ReadonlySignal<AgentClient['profile']>;
    images: Pick<ConsoleImages, 'staged' | 'upload' | 'sent'>;
    composer: ReturnType<typeof consoleDrafts>;
    alerts: Pick<ReturnType<typeof consoleAlerts>, 'answered'>;
    conversations: Pick<ReturnType<typeof consoleConversations>, 'open' | 'shopperLabel'>;
    notices: Pick<ConsoleNotices, 'flash' | 'report'>;
  },
) {
  const { drafts, suggestions } = composer;
  const { flash, report } = notices;
  /**
   * Conversations with a reply on its way: the agent client re-sends it (through reconnects and a
   * hub refusing it for now) until the hub stores it, so it is shown as pending, not failed.
   */
  const sending = signal<Record<string, true>>({});
  /** The flash the last failed send put up, which a send that goes through takes down. */
  let failure: string | undefined;

  /**
   * Sends a reply, and the image staged with it: uploaded first, then sent with the reply as its
   * caption (or, past the caption limit, followed by the reply). When quality inspection holds the
   * text back, the draft stays and `held` says why, so the agent can edit it or send it anyway
   * (`override`). A refused upload keeps everything and shows why on the attachment.
   */
  async function send(id: string, text: string, override = false): Promise<boolean> {
    let body = text.trim();
    const staged = images.staged.value[id];
    if (!body && !staged) return false;
    // What the box held when Send was pressed: words typed while the hub had not answered yet
    // (offline, say) are the agent's next reply, and must outlive this one's acknowledgement.
    const draftAtSend = drafts.value[id] ?? '';
    // Named now: a refusal may come once the tab, and the shopper's name with it, is gone.
    const who = conversations.shopperLabel(id);
    // Written to a conversation of mine, it is for my shopper only: re-sent after a reconnect once a
    // colleague has it, the hub refuses it (a supervisor's went out into theirs).
    const asOwner =
      me.value !== undefined &&
      conversations.open.value.find((c) => c.id === id)?.state.agent?.id === me.value.id;
    sending.value = { ...sending.value, [id]: true };
    try {
      const suggestion = suggestions.value[id];
      const how = {
        ...(override ? { override: true } : {}),
        ...(suggestion ? { suggestion } : {}),
        ...(asOwner ? { asOwner } : {}),
      };
      if (staged) {
        const image = await images.upload(id);
        if (!image) return false;
        const asCaption = [...body].length <= LIMITS.maxCaptionChars;
        const caption = (asCaption && body) || (staged.source === 'canned' ? staged.alt : undefined);
        await client.send(
          id,
          caption ? { ...image, caption } : image,
          asCaption ? how : asOwner ? { asOwner } : {},
        );
        images.sent(id);
        if (asCaption) body = '';
      }
      if (body) await client.send(id, body, { ...how, clientMsgId: composer.replyId(id, body) });
      composer.sent(id, suggestion, draftAtSend);
      // Stored: the shopper is answered. Its `message` event may never come (after a reconnect the
      // reply arrives inside the re-join's snapshot), which left "reply overdue" standing.
      alerts.answered(id);
      // Only a send's own failure is over: another notice (a conversation handed to a colleague
      // meanwhile) is news the agent has not read yet.
      if (flash.value !== undefined && flash.value === failure) flash.value = undefined;
      return true;
    } catch (error) {
      if (error instanceof QaHeldError) {
        composer.hold(id, body, error.violations);
        return false;
      }
      // Refused once its tab had gone (offline past the grace period, the conversation went to a
      // colleague and the re-join was refused), or refused as no longer mine (a supervisor's, whose
      // tab may still be closing): the words are said back, else they went with the tab.
      if (
        body &&
        isKefuError(error) &&
        GONE.has(error.code) &&
        ((asOwner && error.code === 'conflict') || !conversations.open.value.some((c) => c.id === id))
      ) {
        flash.value = t.value.replyNotSent(who ?? t.value.visitor(id), body);
        composer.drop(id);
        return false;
      }
      report(error);
      failure = flash.value;
      return false;
    } finally {
      const { [id]: _done, ...rest } = sending.value;
      sending.value = rest;
    }
  }

  return { sending, send };
}
