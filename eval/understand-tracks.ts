import { performance } from 'node:perf_hooks';
import { angerScore, classifyIntent, type Intent } from '../packages/sdk/src/understand/index.ts';
import { dataset, ownSet, readJsonl, testOf } from './data.ts';
import { auc, type ClassReport, classification, f3 } from './metrics.ts';

/**
 * Bitext's 27 intents onto our 10 routing intents. Order changes and cancellations go to after-sale
 * (the group that can still stop a parcel), fees to payment, newsletter to account, and reaching
 * customer service (hours, channels) to ask_for_human; a product review is `other`.
 */
export const BITEXT_TO_INTENT: Record<string, Intent> = {
  cancel_order: 'after_sale',
  change_order: 'after_sale',
  place_order: 'pre_sale',
  track_order: 'logistics',
  check_refund_policy: 'after_sale',
  get_refund: 'after_sale',
  track_refund: 'after_sale',
  delivery_options: 'logistics',
  delivery_period: 'logistics',
  change_shipping_address: 'logistics',
  set_up_shipping_address: 'logistics',
  check_invoice: 'invoice',
  get_invoice: 'invoice',
  check_payment_methods: 'payment',
  payment_issue: 'payment',
  check_cancellation_fee: 'payment',
  complaint: 'complaint',
  review: 'other',
  contact_customer_service: 'ask_for_human',
  contact_human_agent: 'ask_for_human',
  newsletter_subscription: 'account',
  create_account: 'account',
  delete_account: 'account',
  edit_account: 'account',
  recover_password: 'account',
  registration_problems: 'account',
  switch_account: 'account',
};

function fmtReport(name: string, r: ClassReport, n: number): string[] {
  return [
    `${name}: accuracy ${f3(r.accuracy)}, macro-F1 ${f3(r.macroF1)} (n=${n})`,
    `  per class F1: ${r.perClass.map((c) => `${c.label} ${f3(c.f1)} (${c.support})`).join(', ')}`,
  ];
}

export function runUnderstandTracks(): string[] {
  const lines: string[] = ['## Intent'];
  const bitext = readJsonl<{ text: string; intent: string }>(
    dataset('bitext_customer_support_en', 'intents.jsonl'),
  );
  const started = performance.now();
  const predicted = bitext.map((r) => classifyIntent(r.text).intent);
  const perMessageUs = ((performance.now() - started) * 1000) / bitext.length;
  const gold = bitext.map((r) => BITEXT_TO_INTENT[r.intent] ?? 'other');
  lines.push(
    ...fmtReport(
      'Bitext intents.jsonl mapped onto our intents',
      classification(gold, predicted),
      bitext.length,
    ),
  );
  lines.push(`  classifier latency: ${perMessageUs.toFixed(1)} µs/message (n=${bitext.length})`);

  const zh = readJsonl<{ text: string; intent: string }>(ownSet('intent-zh.jsonl'));
  for (const [name, rows] of [
    ['zh intent set, test split', testOf(zh)],
    ['zh intent set, all', zh],
  ] as const) {
    const report = classification(
      rows.map((r) => r.intent),
      rows.map((r) => classifyIntent(r.text).intent),
    );
    lines.push(...fmtReport(name, report, rows.length));
  }

  lines.push('', '## Anger (AUC: does the score rank the unhappy side above the other?)');
  const aucLine = (name: string, rows: ReadonlyArray<{ text: string; positive: boolean }>) => {
    const pos = rows.filter((r) => r.positive).length;
    const value = auc(
      rows.map((r) => angerScore(r.text)),
      rows.map((r) => r.positive),
    );
    lines.push(`${name}: AUC ${f3(value)} (n=${rows.length}: ${pos} vs ${rows.length - pos})`);
  };
  for (const file of ['online_shopping_10_cats.sample.jsonl', 'waimai_10k.jsonl']) {
    const rows = readJsonl<{ text: string; label: string }>(dataset('chinese_review_sentiment_zh', file));
    aucLine(
      `chinese_review_sentiment_zh/${file} negative vs positive`,
      rows.map((r) => ({ text: r.text, positive: r.label === 'negative' })),
    );
  }
  const tweets = readJsonl<{ text: string; label: string; domain: string }>(
    dataset('complaints_twitter_en', 'complaints.jsonl'),
  );
  aucLine(
    'complaints_twitter_en complaint vs not',
    tweets.map((r) => ({ text: r.text, positive: r.label === 'complaint' })),
  );
  for (const lang of ['zh', 'en'] as const) {
    const dialogues = readJsonl<{ turns: Array<{ sender: string; text: string }>; satisfaction: string }>(
      dataset('stc3_customer_helpdesk_zh_en', `dialogues_${lang}.jsonl`),
    ).filter((d) => d.satisfaction !== 'neutral');
    aucLine(
      `stc3 ${lang} dissatisfied vs satisfied (customer turns joined)`,
      dialogues.map((d) => ({
        text: d.turns
          .filter((t) => t.sender === 'customer')
          .map((t) => t.text)
          .join('\n'),
        positive: d.satisfaction === 'dissatisfied',
      })),
    );
  }
  return lines;
}
