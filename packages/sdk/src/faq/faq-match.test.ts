import { describe, expect, it } from 'vitest';
import { decide } from './faq-match.ts';

describe('decide', () => {
  const t = { answer: 0.9, margin: 0.2, suggest: 0.5, outOfScope: 0.1 };

  it('answers only a confident match that is clearly ahead of the runner-up', () => {
    expect(decide(0.95, 0.9, { margin: 0.5, oneWord: 0 }, t)).toBe('answer');
    expect(decide(0.95, 0.9, { margin: 0.1, oneWord: 0 }, t)).toBe('suggest');
    expect(decide(0.85, 0.9, { margin: 0.5, oneWord: 0 }, t)).toBe('suggest');
  });

  it('offers, never answers, a match on one word that is no customer-service word', () => {
    expect(decide(0.99, 0.99, { margin: 1, oneWord: 1 }, t)).toBe('suggest');
  });

  it('offers "did you mean" when the top entry is fairly likely right, even if the question looks unusual', () => {
    expect(decide(0.6, 0.3, { margin: 0.5, oneWord: 0 }, t)).toBe('suggest');
    expect(decide(0.3, 0.3, { margin: 0.5, oneWord: 0 }, t)).toBe('fallback');
  });

  it('calls a question outside what the shop answers only when it clearly is', () => {
    expect(decide(0.05, 0.05, { margin: 1, oneWord: 0 }, t)).toBe('out_of_scope');
    expect(decide(0.05, 0.2, { margin: 1, oneWord: 0 }, t)).toBe('fallback');
  });
});
