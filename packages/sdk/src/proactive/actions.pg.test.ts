import type { Message, QuickReply } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { signIdentity } from '../hub/identity.ts';
import { defineAction, type SelfServiceActions } from '../seams/actions.ts';
import { shopper, until } from '../testing/hub-fixture.ts';
import { sharedServers } from '../testing/shared-servers.ts';
import { ACTION_PAYLOADS } from './actions.ts';

// Two hub nodes sharing PostgreSQL and Redis: one shopper on two devices, one on each node.
const servers = await sharedServers('a');
const { missing } = servers;

const repliesOf = (messages: Message[]): QuickReply[] => {
  const last = messages.at(-1)?.content;
  return last?.kind === 'quick_replies' ? last.replies : [];
};
const identity = () => signIdentity({ id: '42' }, 'identity-secret-for-tests', { audience: 'shop' });

describe.skipIf(missing !== null)(
  missing ? `self-service across hub nodes (skipped: ${missing})` : 'self-service across hub nodes',
  () => {
    it('runs a return once when the shopper taps 确认 on a phone (node A) and a laptop (node B) at once', async () => {
      const ran: string[] = [];
      const actions: SelfServiceActions = {
        requestReturn: defineAction({
          label: { zh: '申请退货', en: 'Request a return' },
          intents: ['after_sale'],
          input: z.object({ orderId: z.string() }),
          eligible: async () => true,
          run: async ({ orderId }) => {
            ran.push(orderId);
            return { ok: true, summary: `已为订单 ${orderId} 提交退货申请` };
          },
        }),
      };
      const [a, b] = await Promise.all([servers.node({ actions }), servers.node({ actions })]);
      const phone = shopper(a.url, { identity: identity(), locale: 'zh-CN', page: { orderId: 'SO-1024' } });
      phone.connect();
      await until(() => phone.messages.length === 1, 'greeting on the phone');
      const laptop = shopper(b.url, { identity: identity(), locale: 'zh-CN' });
      laptop.connect();
      await until(
        () => laptop.conversationId === phone.conversationId,
        'the laptop in the same conversation',
      );
      phone.send('我想退货');
      await until(() => repliesOf(phone.messages).length > 0, 'the offer');
      const offer = repliesOf(phone.messages)[0]!;
      phone.send({ kind: 'text', text: offer.label, payload: offer.payload });
      const confirmOn = (s: typeof phone) =>
        repliesOf(s.messages).find((r) => r.payload.startsWith(ACTION_PAYLOADS.confirm));
      await until(
        () => confirmOn(phone) !== undefined && confirmOn(laptop) !== undefined,
        'the prompt on both',
      );
      const confirm = confirmOn(phone)!;
      phone.send({ kind: 'text', text: confirm.label, payload: confirm.payload });
      laptop.send({ kind: 'text', text: confirm.label, payload: confirm.payload });
      const taps = (s: typeof phone) =>
        s.messages.filter((m) => m.content.kind === 'text' && m.content.payload === confirm.payload).length;
      await until(() => taps(phone) === 2 && taps(laptop) === 2, 'both taps stored and seen on both');
      const outcome = (s: typeof phone) =>
        s.messages.filter((m) => m.content.kind === 'system' && m.content.event === 'notice').length;
      await until(() => outcome(phone) >= 1, 'the outcome line');
      // A later message, answered after anything the second tap would have caused.
      phone.send('谢谢');
      await until(() => phone.messages.at(-1)?.author.kind === 'bot', 'the answer to the thanks');
      expect(ran).toEqual(['SO-1024']);
      expect(outcome(phone)).toBe(1);
    });
  },
);
