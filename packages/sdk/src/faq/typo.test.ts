import { describe, expect, it } from 'vitest';
import { createWordCorrector, wordCorrectorSteps } from './typo.ts';

describe('createWordCorrector', () => {
  it('corrects a word one edit away from a known word, preferring the frequent one', () => {
    const correct = createWordCorrector(
      new Map([
        ['refund', 5],
        ['invoice', 2],
      ]),
    );
    expect(correct('refnud')).toBe('refund');
    expect(correct('invoce')).toBe('invoice');
    expect(correct('banana')).toBe('banana');
  });

  it('leaves a word as typed when two different known words are one edit from it', () => {
    // A bike shop's "gears slipping" read "gears shipping" (the frequent word), and ranked the
    // shipping-fee entry first; "skipping", in the gears entry, is as close.
    const correct = createWordCorrector(
      new Map([
        ['shipping', 9],
        ['skipping', 1],
        ['refund', 5],
      ]),
    );
    expect(correct('slipping')).toBe('slipping');
    expect(correct('shippinh')).toBe('shipping');
    expect(correct('refnud')).toBe('refund');
  });

  it('leaves another form of a known word as typed, even one edit from a different word', () => {
    const correct = createWordCorrector(
      new Map([
        ['tents', 9],
        ['rent', 2],
        ['backpack', 3],
      ]),
    );
    // "rents" is one edit from "tents", but it is "rent" as stemming reads it.
    expect(correct('rents')).toBe('rents');
    expect(correct('backpacks')).toBe('backpacks');
    expect(correct('tnets')).toBe('tents');
  });

  it('corrects towards the stem of a known word when the word itself is two edits away', () => {
    // The shop writes "reimbursement"; "reimbvurse" is one edit from its stem "reimburs".
    const correct = createWordCorrector(new Map([['reimbursement', 2]]));
    expect(correct('reimbvurse')).toBe('reimbursement');
  });

  it('splits two known words typed without a space, but not compounds of short words', () => {
    const correct = createWordCorrector(
      new Map([
        ['editing', 1],
        ['platinum', 1],
        ['week', 1],
        ['end', 1],
      ]),
    );
    expect(correct('editingplatinum')).toBe('editing platinum');
    expect(correct('weekend')).toBe('weekend');
  });
});

describe('wordCorrectorSteps', () => {
  it('reads a large vocabulary in many steps and corrects as the corrector built at once', () => {
    const vocabulary = new Map([
      ['refund', 3],
      ['delivery', 2],
      ['warranty', 1],
    ]);
    for (let i = 0; i < 3000; i++) vocabulary.set(`item${i.toString(36)}word`, 1);
    const steps = wordCorrectorSteps(vocabulary);
    let yielded = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yielded++;
    expect(yielded).toBeGreaterThan(4);
    const atOnce = createWordCorrector(vocabulary);
    for (const typed of ['refnud', 'delivry', 'waranty', 'item1zword', 'elsewhere'])
      expect(step.value(typed)).toBe(atOnce(typed));
    expect(step.value('refnud')).toBe('refund');
  });
});
