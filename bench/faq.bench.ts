/**
 * FAQ engine bench for `pnpm bench`: a 10,000-entry synthetic knowledge base built from general
 * shop vocabulary (no evaluation data), then index build time, heap growth, per-query latency and
 * a reload after one entry was edited.
 * Goals (the knowledge-base issue): p99 answer latency under 1 ms; build under 5 s.
 */
import { performance } from 'node:perf_hooks';
import { createFaqEngine, type KnowledgeBase } from '../packages/sdk/src/faq/index.ts';
import { createKnowledgeEditor } from '../packages/sdk/src/faq/knowledge-editor.ts';
import { describeGoal, goal, loadAverage } from './goals.ts';

const EN_WORDS = (
  'order parcel refund return exchange size colour invoice receipt coupon voucher discount payment card ' +
  'account password login delivery shipping courier address warranty repair battery charger cable hoodie jacket ' +
  'jeans shirt sneakers earbuds watch keyboard phone case cotton wool leather fabric stock price gift wrap tax ' +
  'express weekend holiday store pickup tracking damaged missing broken late early cancel change update'
).split(' ');
const ZH_WORDS = (
  '订单 包裹 退款 退货 换货 尺码 颜色 发票 收据 优惠券 折扣 付款 银行卡 账号 密码 登录 快递 物流 地址 保修 维修 ' +
  '电池 充电器 数据线 卫衣 外套 牛仔裤 衬衫 运动鞋 耳机 手表 键盘 手机壳 纯棉 羊毛 皮革 面料 库存 价格 礼品 包装 ' +
  '税号 顺丰 周末 节假日 门店 自提 物流 破损 少件 坏了 延迟 取消 修改'
).split(' ');
const EN_FRAMES = [
  'how do I {a} my {b}',
  'can I {a} the {b}',
  'what about {a} for {b}',
  '{a} {b} question',
  'is {a} possible with {b}',
];
const ZH_FRAMES = ['{a}{b}怎么办', '{a}可以{b}吗', '请问{a}和{b}', '{a}的{b}多久', '我想{a}{b}'];

/** Deterministic pseudo-random numbers so every run benches the same knowledge base. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function phrase(rand: () => number, zh: boolean): string {
  const words = zh ? ZH_WORDS : EN_WORDS;
  const frames = zh ? ZH_FRAMES : EN_FRAMES;
  const pick = () => words[Math.floor(rand() * words.length)]!;
  const frame = frames[Math.floor(rand() * frames.length)]!;
  return `${frame.replace('{a}', pick()).replace('{b}', pick())} ${pick()} ${pick()}`;
}

export function syntheticKb(entries: number, seed = 1): KnowledgeBase {
  const rand = lcg(seed);
  return {
    version: 1,
    entries: Array.from({ length: entries }, (_, i) => {
      const zh = i % 2 === 0;
      return {
        id: `e${i}`,
        question: phrase(rand, zh),
        alternatives: [phrase(rand, zh), phrase(rand, zh), phrase(rand, zh)],
        answer: Array.from({ length: 4 }, () => phrase(rand, zh)).join(zh ? '。' : '. '),
        tags: [],
        ...(i % 10 === 0 ? { scope: { productIds: [`p-${i % 50}`] } } : {}),
      };
    }),
  };
}

export async function runFaqBench(): Promise<Record<string, number>> {
  const kb = syntheticKb(10_000);
  const globalWithGc = globalThis as { gc?: () => void };
  globalWithGc.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const engine = createFaqEngine(kb);
  const buildMs = performance.now() - t0;
  globalWithGc.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

  const rand = lcg(7);
  const queries = Array.from({ length: 2_000 }, (_, i) => phrase(rand, i % 2 === 0).slice(0, 20));
  for (const q of queries.slice(0, 200)) engine.match(q); // warm-up
  // Five passes: the first pass's times are what a shopper meets (collector pauses and all); each
  // query's fastest of the five is the engine's own work, which a busy machine changes less.
  const passes = 5;
  const fastest = queries.map(() => Number.POSITIVE_INFINITY);
  let times: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    queries.forEach((q, i) => {
      const start = performance.now();
      engine.match(q, { productId: 'p-10' });
      const us = (performance.now() - start) * 1000;
      if (pass === 0) times.push(us);
      fastest[i] = Math.min(fastest[i]!, us);
    });
  }
  times = times.sort((a, b) => a - b);
  fastest.sort((a, b) => a - b);

  // A merchant edits one entry (back office, file watch) of a knowledge base that has been answering
  // Chinese questions: the engine re-analyses only that one.
  engine.match('搬运费怎么算');
  const edited = {
    ...kb,
    entries: kb.entries.map((e, i) => (i === 42 ? { ...e, answer: `${e.answer}!` } : { ...e })),
  };
  const t1 = performance.now();
  engine.reload(edited);
  const reloadMs = performance.now() - t1;
  // The first Chinese question after an edit pays for what the index builds lazily (the check for
  // a phrase inside a longer word reads the whole knowledge base's text).
  const t2 = performance.now();
  engine.match('搬运费怎么算');
  const firstAfterEditMs = performance.now() - t2;
  // The same edit as a hub makes it (back office, learning, import): built over turns of the event
  // loop; the longest turn is what a shopper's message may wait behind.
  const editor = createKnowledgeEditor({ base: edited, engine });
  let longestHoldMs = 0;
  let last = performance.now();
  let editing = true;
  const watch = () =>
    setImmediate(() => {
      const now = performance.now();
      longestHoldMs = Math.max(longestHoldMs, now - last);
      last = now;
      if (editing) watch();
    });
  watch();
  const t3 = performance.now();
  await editor.put({ ...edited.entries[43]!, answer: `${edited.entries[43]!.answer}?` });
  const editMs = performance.now() - t3;
  editing = false;
  const at = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const pct = (p: number) => at(times, p);
  console.log(`load average ${loadAverage()}`);
  console.log(
    describeGoal(goal('FAQ match p99, 10,000 entries', Math.round(pct(0.99)), { below: 1000 }, 'µs')),
  );
  console.log(describeGoal(goal('FAQ build, 10,000 entries', Math.round(buildMs), { below: 5000 }, 'ms')));
  return {
    'faq.entries': kb.entries.length,
    'faq.build_ms': Math.round(buildMs),
    'faq.reload_one_edited_ms': Math.round(reloadMs),
    'faq.first_zh_match_after_edit_ms': Math.round(firstAfterEditMs * 10) / 10,
    'faq.edit_through_editor_ms': Math.round(editMs),
    'faq.edit_longest_event_loop_hold_ms': Math.round(longestHoldMs * 10) / 10,
    'faq.heap_mb': Math.round(heapMb * 10) / 10,
    'faq.match_p50_us': Math.round(pct(0.5)),
    'faq.match_p99_us': Math.round(pct(0.99)),
    'faq.match_fastest_of_5_p99_us': Math.round(at(fastest, 0.99)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runFaqBench().then((r) => console.log(r));
}
