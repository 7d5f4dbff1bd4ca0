import type { CannedReply } from '@kefu/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../faq/knowledge-base.ts';
import type { Hub } from '../hub/create-hub.ts';
import { handedToAgent, startHub, until } from '../testing/hub-fixture.ts';

let hub: Hub;
afterEach(async () => {
  await hub?.close();
});

/** A mainland merchant's knowledge base and canned replies, in Simplified characters. */
const KB: KnowledgeBase = {
  version: 1,
  entries: [
    {
      id: 'shipping-fee',
      question: '运费多少？',
      alternatives: ['邮费怎么算', '包邮吗'],
      answer: '满 99 元包邮。付款后 48 小时内发货，运费说明见 https://shop.example/帮助/运费',
      tags: [],
    },
  ],
};
// Canned replies with a picture need a hub that takes images; none is uploaded here.
const NO_UPLOADS = {
  blobStore: {
    put: async () => ({ size: 0 }),
    get: async () => null,
    delete: async () => {},
    close: async () => {},
  },
};
const CANNED: CannedReply[] = [
  {
    id: 'fee',
    title: '运费多少',
    text: '您好 {name}，满 99 元包邮，运费说明见 https://shop.example/帮助/运费',
    image: { url: 'https://shop.example/fee.png', alt: '运费表' },
    locale: 'zh-CN',
  },
];

/** The assist frame an agent gets for a `locale` shopper's `question`, once it has suggestions. */
async function assistFor(url: string, locale: string, question: string) {
  const { s, a, conversation } = await handedToAgent(url, { locale });
  s.send(question);
  await until(
    () => (a.assistFor(conversation.id)?.suggestions.length ?? 0) > 0,
    () => `suggestions for ${question}`,
  );
  return a.assistFor(conversation.id)!;
}

// Finding (2026-12-05): the bot answered a zh-TW shopper in Traditional characters, but the agent
// who took over was suggested the Simplified text, and pasted it to the shopper as it was.
describe("agent assist in the shopper's script, over the hub", () => {
  it('suggests knowledge-base answers and canned replies in Traditional for a zh-TW shopper', async () => {
    const started = await startHub({ images: NO_UPLOADS, assist: { knowledgeBase: KB, canned: CANNED } });
    hub = started.hub;
    const assist = await assistFor(started.url, 'zh-TW', '運費多少');
    expect(assist.suggestions[0]).toMatchObject({
      entryId: 'shipping-fee',
      question: '運費多少？',
      answer: '滿 99 元包郵。付款後 48 小時內發貨，運費說明見 https://shop.example/帮助/运费',
    });
    // The text the agent inserts, variables and link as written; the title is the agent's label.
    expect(assist.canned).toEqual([
      {
        ...CANNED[0],
        text: '您好 {name}，滿 99 元包郵，運費說明見 https://shop.example/帮助/运费',
        image: { url: 'https://shop.example/fee.png', alt: '運費表' },
        locale: 'zh-TW',
      },
    ]);
  });

  it('suggests them as written to a zh-CN shopper, and to everyone with convertScript: false', async () => {
    const started = await startHub({ images: NO_UPLOADS, assist: { knowledgeBase: KB, canned: CANNED } });
    hub = started.hub;
    const mainland = await assistFor(started.url, 'zh-CN', '运费多少');
    expect(mainland.suggestions[0]?.answer).toBe(KB.entries[0]!.answer);
    expect(mainland.canned).toEqual(CANNED);
    await hub.close();

    const asWritten = await startHub({
      images: NO_UPLOADS,
      assist: { knowledgeBase: KB, canned: CANNED, convertScript: false },
    });
    hub = asWritten.hub;
    const taiwan = await assistFor(asWritten.url, 'zh-TW', '運費多少');
    expect(taiwan.suggestions[0]?.answer).toBe(KB.entries[0]!.answer);
    expect(taiwan.canned).toEqual(CANNED);
  });
});
