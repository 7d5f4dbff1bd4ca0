import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { rawSocket, until } from '../../packages/sdk/src/testing/hub-fixture.ts';
import { POSTGRES_URL } from '../servers.ts';
import { API_KEY, API_KEYS } from './api-key.ts';
import { SHOP_ORIGIN, startHubProcess } from './hub-process.ts';

// Finding (sixth pass, 2026-12-07): the knowledge proposals (questions the bot missed and agents
// answered, grouped and matched against the knowledge base) were computed anew at every
// `GET /api/v1/kb/proposals`, in one piece on the event loop. With 600 waiting questions and a base of
// 2,000 entries each request cost 0.2-0.4 s of CPU and held the loop 0.5-0.9 s, and a `read` key may
// ask 20 times a second (a supervisor's console too, at its frame budget). They are now kept until a
// question is learned, decided or answered further, or the knowledge base changes: asked again
// meanwhile, the same proposals cost a store read.
//
// Finding (ninth pass, 2026-12-07): the FAQ bot sends an entry's HTML as plain text, and a character
// reference became the character it names, whatever it was. An agent's reply holding
// `<a href="https://evil.example/lmth.snruter/moc.pohs">&#8238;退货页</a>` (learned as the answer to a
// question the bot missed) reads as markup in the console's proposal, and once approved every
// shopper asking got a U+202E before the address: the chat showed it reversed, `shop.com/returns.html/…`.
// A reference to a bidi control, an invisible or a control character now shows nothing, and the
// answer loses bidi overrides written as they are.

const WORDS = ['退货', '发票', '尺码', '快递', '颜色', '优惠券', '积分', '会员', '售后', '保修'];
const QUESTIONS = 600;

describe('a read key asks for the knowledge proposals in a loop', () => {
  it('is answered from what was computed, until the questions or the base change', async () => {
    const hub = await startHubProcess({
      store: 'postgres',
      plugins: { knowledgeBase: 'faq' },
      options: { http: { apiKeys: API_KEYS, rateLimit: { perSecond: 1000, burst: 1000 } } },
    });
    const auth = { authorization: `Bearer ${API_KEY}` };
    const entries = Array.from({ length: 2000 }, (_, i) => ({
      id: `e${i}`,
      question: `${WORDS[i % 10]}${WORDS[(i * 7) % 10]}问题${i}怎么办`,
      alternatives: [],
      answer: `关于${WORDS[(i * 3) % 10]}的回答 ${i}`,
      tags: [],
    }));
    const imported = await fetch(`${hub.httpUrl}/api/v1/kb/import?mode=replace`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, entries }),
    });
    expect(imported.status).toBe(200);
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    const word = (n: string) => `(ARRAY[${WORDS.map((w) => `'${w}'`).join(',')}])[1 + (${n}) % 10]`;
    try {
      await db.query(
        `INSERT INTO ${hub.schema}.learned_questions
           (id, conversation_id, question_seq, question, answer, language, miss, created_at, status)
         SELECT 'lq_' || n, 'c_' || n, 1, ${word('n')} || '的问题' || n || ${word('n * 7')} || '怎么处理呢',
                '您好，' || ${word('n * 3')} || '这边帮您处理，编号' || n, 'zh', 'refused', 1767225600000 + n, 'pending'
         FROM generate_series(1, ${QUESTIONS}) n`,
      );
    } finally {
      await db.end();
    }
    const proposals = async () => {
      const before = await hub.stats();
      const res = await fetch(`${hub.httpUrl}/api/v1/kb/proposals`, { headers: auth });
      const body = await res.text();
      const after = await hub.stats();
      expect(res.status).toBe(200);
      return { body, cpuMs: after.cpuMs - before.cpuMs };
    };
    const first = await proposals();
    const again = await proposals();
    expect(again.body).toBe(first.body);
    // CPU time, not wall time: the first request computed them, the second read them back.
    expect(again.cpuMs).toBeLessThan(first.cpuMs / 4);
    // A change to the base is computed anew.
    const put = await fetch(`${hub.httpUrl}/api/v1/kb/entries/e0`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ ...entries[0], answer: '新的回答' }),
    });
    expect(put.status).toBeLessThan(300);
    const changed = await proposals();
    expect(changed.cpuMs).toBeGreaterThan(again.cpuMs);

    // An agent's reply, learned as the answer to a question the bot missed, approved as proposed.
    const smuggled =
      '<p>请点 <a href="https://evil.example/lmth.snruter/moc.pohs">&#8238;退货页</a>&#x202c;</p>\u202E看这里 https://evil.example/';
    const db2 = new pg.Client({ connectionString: POSTGRES_URL });
    await db2.connect();
    try {
      await db2.query(
        `INSERT INTO ${hub.schema}.learned_questions
           (id, conversation_id, question_seq, question, answer, language, miss, created_at, status)
         VALUES ('lq_smuggled', 'c_smuggled', 1, '门店营业时间是几点', $1, 'zh', 'refused', 1767229200000, 'pending')`,
        [smuggled],
      );
    } finally {
      await db2.end();
    }
    const approved = await fetch(`${hub.httpUrl}/api/v1/kb/proposals/lq_smuggled/approve`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'entry', entryId: 'hours' }),
    });
    expect(approved.status).toBe(200);
    const shopper = await rawSocket(`${hub.wsUrl}/?site=shop`, SHOP_ORIGIN);
    shopper.send({ v: 1, type: 'hello', role: 'shopper', siteKey: 'shop', deviceId: 'asks-the-hours' });
    await shopper.next('welcome');
    shopper.send({
      v: 1,
      type: 'send',
      clientMsgId: 'q',
      content: { kind: 'text', text: '门店营业时间是几点' },
    });
    const botText = () =>
      shopper.frames
        .map((f) => (f as { message?: { author: { kind: string }; content: { text?: string } } }).message)
        .find((m) => m?.author.kind === 'bot' && m.content.text?.includes('evil.example'))?.content.text;
    await until(() => botText() !== undefined, 'the bot answers from the approved entry');
    shopper.ws.close();
    // The address is shown as it leads, and nothing reorders or hides what reads around it.
    expect(botText()).toBe(
      '请点 退货页: https://evil.example/lmth.snruter/moc.pohs\n看这里 https://evil.example/',
    );
  }, 120_000);
});
