import { readFileSync } from 'node:fs';
import { checkKnowledgeBase, parseKnowledgeBase } from '@kefu/sdk';
import { describe, expect, it } from 'vitest';

// The demo is where a merchant first meets the knowledge-base doctor (the console's Knowledge page,
// `kefu kb check`): an entry it calls unreachable is one a shopper asking its own question does
// not get, in the knowledge base the merchant copies from.
const findings = (lang: 'en' | 'zh') =>
  checkKnowledgeBase(
    parseKnowledgeBase(JSON.parse(readFileSync(new URL(`../kb/faq.${lang}.json`, import.meta.url), 'utf8'))),
  ).findings;

describe('the demo knowledge bases', () => {
  it('answer every English entry to its own phrasings', () => {
    expect(findings('en').filter((f) => f.kind === 'unreachable')).toEqual([]);
  });
});
