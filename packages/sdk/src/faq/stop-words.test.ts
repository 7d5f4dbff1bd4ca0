import { describe, expect, it } from 'vitest';
import { createAnalyzer } from './analyzer.ts';
import { createFaqEngine } from './faq-engine.ts';
import { DEFAULT_SYNONYMS } from './synonyms.ts';
import { bareEntry as entry } from './test-fixtures.ts';

describe('English stop words', () => {
  it('read "much" as no topic of its own, while "how much" still means a price', () => {
    const terms = [...createAnalyzer({ synonyms: DEFAULT_SYNONYMS }).analyze('how much is shipping').keys()];
    expect(terms).not.toContain('much');
    expect(terms).toContain('~price');
  });

  it('read the chat fillers "take", "still", "yet", "really", "actually", "anymore" and "lol" as no topic', () => {
    const analyzer = createAnalyzer({ synonyms: [] });
    const terms = (q: string) => [...analyzer.analyze(q).keys()];
    expect(terms('how long does delivery take')).toEqual(terms('how long does delivery'));
    expect(terms('refund still not showing yet lol')).toEqual(terms('refund not showing'));
    expect(terms('does it really actually work anymore')).toEqual(terms('does it work'));
  });

  it('let a knowledge base of headings answer "how much is …" with its heading', () => {
    // An eleventh outside QA pass: a merchant's FAQ page of headings ("Shipping costs", "Gift
    // cards") has no "how much" in any phrasing, so "much" counted as a word the shop never uses and
    // "how much is shipping" was only offered.
    const engine = createFaqEngine({
      version: 1,
      entries: [
        entry('shipping-costs', 'Shipping costs', 'Standard delivery is $4.95, free over $75.'),
        entry('delivery-times', 'Delivery times', 'Standard delivery takes 3–5 business days.'),
        entry('international', 'International shipping', 'We ship to Canada, the UK and the EU.'),
        entry('returns', 'Returns policy', 'Return unworn items within 30 days.'),
        entry('return-shipping', 'Return shipping', 'Returns within the US are free.'),
        entry('gift-cards', 'Gift cards', 'E-gift cards from $25 to $500.'),
        entry('size-guide', 'Size guide', 'Each product page has a size chart.'),
        entry('payment', 'Payment methods', 'Visa, Mastercard, PayPal and Apple Pay.'),
        entry('contact', 'Contact us', 'Email help@example.com.'),
      ],
    });
    const match = engine.match('how much is shipping');
    expect(match.top[0]?.entry.id).toBe('shipping-costs');
    expect(match.decision).toBe('answer');
  });
});
