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

describe('GET /api/v1/kb/entries: the answer kept per revision', () => {
  async function hubWithReader() {
    const engine = createFaqEngine(base);
    const { hub, url } = await startHub({ knowledgeBase: { base, engine } });
    const { key } = await hub.admin.apiKeys.create({ name: 'reader', scopes: ['read', 'write'] });
    const http = url.replace(/^ws/, 'http');
    const list = async (headers: Record<string, string> = {}) => {
      const res = await fetch(`${http}/api/v1/kb/entries`, {
        headers: { authorization: `Bearer ${key}`, ...headers },
      });
      return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
    };
    const put = (id: string, answer: string) =>
      fetch(`${http}/api/v1/kb/entries/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ question: '几天发货', alternatives: [], answer, tags: [] }),
      });
    // Counts the copies of the base the route asks for: each one is the whole base cloned and encoded.
    const editor = hub.admin.knowledge!;
    const entries = editor.entries.bind(editor);
    let copies = 0;
    editor.entries = () => {
      copies++;
      return entries();
    };
    return { list, put, copies: () => copies };
  }

  it('serves a repeated request from the bytes kept for this revision, and an edit changes them', async () => {
    const { list, put, copies } = await hubWithReader();
    const first = await list();
    expect(first.status).toBe(200);
    expect(copies()).toBe(1);
    const again = await list();
    expect(again).toEqual(first);
    expect(copies()).toBe(1);

    expect((await put('ship', '48 小时内发货')).status).toBe(201);
    const edited = await list();
    expect(JSON.parse(edited.text).items.map((e: { id: string }) => e.id)).toEqual(['returns', 'ship']);
    expect(edited.etag).not.toBe(first.etag);
    expect(copies()).toBe(2);
  });

  it('answers If-None-Match with the current ETag with a 304 and no body, and an old ETag with the entries', async () => {
    const { list, put } = await hubWithReader();
    const first = await list();
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    expect(await list({ 'if-none-match': first.etag! })).toMatchObject({
      status: 304,
      etag: first.etag,
      text: '',
    });
    expect((await list({ 'if-none-match': `"other", ${first.etag}` })).status).toBe(304);

    await put('ship', '48 小时内发货');
    const edited = await list({ 'if-none-match': first.etag! });
    expect(edited.status).toBe(200);
    expect(JSON.parse(edited.text).items).toHaveLength(2);
  });
});
