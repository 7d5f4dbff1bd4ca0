import { describe, expect, it } from 'vitest';
import { inDocumentOrder } from './issue-order.ts';

describe('inDocumentOrder', () => {
  const doc = {
    store: 'x',
    sites: [{ key: 's' }, { key: 't' }],
    knowledgeBase: { en: 'a', zh: 'b' },
    log: {},
  };

  it('orders issues as the file writes their keys, a missing key under its nearest written parent', () => {
    const issues = [
      { path: 'log.level', message: 'a' },
      { path: 'knowledgeBase.zh', message: 'b' },
      { path: 'sites[1].origins', message: 'c' },
      { path: 'store', message: 'd' },
      { path: 'knowledgeBase.en', message: 'e' },
    ];
    expect(inDocumentOrder(issues, doc).map((i) => i.message)).toEqual(['d', 'c', 'e', 'b', 'a']);
  });

  it('keeps the order issues were found in for one key, and puts root issues first', () => {
    const issues = [
      { path: 'store', message: 'first' },
      { path: '', message: 'root' },
      { path: 'store', message: 'second' },
    ];
    expect(inDocumentOrder(issues, doc).map((i) => i.message)).toEqual(['root', 'first', 'second']);
  });

  it('places an issue where pathOf says (an unknown key where it is written)', () => {
    const issues = [
      { path: '', message: 'unknown key colour', at: 'colour' },
      { path: 'store', message: 'store' },
    ];
    const withColour = { store: 'x', colour: 'red' };
    expect(inDocumentOrder(issues, withColour, (i) => i.at ?? i.path).map((i) => i.message)).toEqual([
      'store',
      'unknown key colour',
    ]);
  });
});
