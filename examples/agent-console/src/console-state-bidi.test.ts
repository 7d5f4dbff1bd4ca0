import { describe, expect, it } from 'vitest';
import { recordingAttention } from './attention.ts';
import { createConsoleState } from './console-state.ts';
import { STRINGS } from './strings.ts';
import { createFakeClient, inboxItem } from './testing/fake-client.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));
// What a shopper controls: their shop name (a signed-in shopper's `name`) and what they write.
const NAME = 'Li\u202Egpj.exe';
const ASKED = '转人工\u2067 refund';
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe('console state: what a shopper wrote, in lines the console builds itself', () => {
  it('keeps bidi controls out of the announcement, the notification and the alert line', async () => {
    const { attention, notes } = recordingAttention();
    const fake = createFakeClient();
    const state = createConsoleState(fake.client, { attention });
    await state.connect();
    fake.emit('inbox', []);
    await attention.requestPermission();
    fake.emit('inbox', [
      inboxItem({
        conversationId: 'c1',
        shopper: { id: 'u:1', identified: true, name: NAME },
        lastMessage: { seq: 1, authorKind: 'shopper', preview: ASKED, at: 2_000 },
      }),
    ]);
    await tick();
    const zh = STRINGS.zh;
    // U+202E before "gpj.exe" made the notification read "Li exe.jpg"; the rest of the line followed it.
    expect(state.announcement.value).toBe(`${zh.newConversation}: Ligpj.exe · 转人工 refund`);
    expect(notes.map((n) => n.body)).toEqual(['Ligpj.exe · 转人工 refund']);

    fake.emit('alert', { kind: 'sla_breach', conversationId: 'c1', message: 'overdue', at: 1 });
    await tick();
    expect(state.shopperLabel('c1')).toBe('Ligpj.exe');
    expect(state.announcement.value).not.toMatch(BIDI);
    expect(notes.at(-1)?.body).not.toMatch(BIDI);
    state.dispose();
  });
});
