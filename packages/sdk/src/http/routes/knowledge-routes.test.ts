import { describe, expect, it } from 'vitest';
import { createFaqBot } from '../../faq/faq-bot.ts';
import { createFaqEngine } from '../../faq/faq-engine.ts';
import type { KnowledgeBase } from '../../faq/knowledge-base.ts';
import { shopper, startHub, until } from '../../testing/hub-fixture.ts';

// A merchant's knowledge base as their spreadsheet saved it, sent to the import route with curl
// (`--data-binary @faq.txt`): the bytes arrive as saved, in whatever encoding that was.

const base: KnowledgeBase = {
  version: 1,
  entries: [{ id: 'returns', question: '怎么退货', alternatives: [], answer: '7 天无理由退货', tags: [] }],
};

async function hubWithApi() {
  const engine = createFaqEngine(base);
  const { hub, url } = await startHub({
    answer: createFaqBot(engine),
    knowledgeBase: { base, engine },
  });
  const { key } = await hub.admin.apiKeys.create({ name: 'merchant', scopes: ['write'] });
  const importBytes = async (bytes: Buffer, type: string) => {
    const res = await fetch(`${url.replace(/^ws/, 'http')}/api/v1/kb/import?mode=replace`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': type },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, json: await res.json() };
  };
  return { hub, url, importBytes };
}

describe('POST /api/v1/kb/import: the encodings spreadsheets save in', () => {
  it('imports Excel\'s "Unicode Text" (UTF-16 with its byte-order mark, tabs), and the next shopper gets its answer', async () => {
    const { url, importBytes } = await hubWithApi();
    const text = '\uFEFFid\tquestion\tanswer\r\nship\t几天发货\t付款后 48 小时内发货\r\n';
    const answer = await importBytes(Buffer.from(text, 'utf16le'), 'text/tab-separated-values');
    expect(answer).toEqual({ status: 200, json: { imported: 1, total: 1, warnings: [] } });

    const s = shopper(url, { locale: 'zh-CN' });
    s.connect();
    s.send('几天发货');
    const said = () =>
      s.messages.flatMap((m) =>
        m.author.kind === 'bot' && m.content.kind === 'text' ? [m.content.text] : [],
      );
    await until(
      () => said().some((t) => t.includes('48 小时内发货')),
      () => `the bot said ${JSON.stringify(said())}`,
    );
  });

  it('refuses a GBK body (Excel\'s plain "CSV" on a Chinese Windows) saying how to save it, and keeps the knowledge base', async () => {
    const { hub, importBytes } = await hubWithApi();
    // id,question,answer / a,运费多少,满59元包邮 in GBK.
    const gbk = Buffer.from(
      '69642c7175657374696f6e2c616e737765720a612cd4cbb7d1b6e0c9d92cc2fa3539d4aab0fcd3ca0a',
      'hex',
    );
    const answer = await importBytes(gbk, 'text/csv');
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_frame');
    expect(answer.json.error.message).toContain(
      'the body is not UTF-8 text: save it as UTF-8 (in Excel "CSV UTF-8"',
    );
    expect(hub.admin.knowledge?.entries().map((e) => e.id)).toEqual(['returns']);
  });
});
