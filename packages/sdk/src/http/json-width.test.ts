import { describe, expect, it } from 'vitest';
import { MAX_JSON_KEYS, objectWiderThan } from './json-width.ts';

const object = (keys: number) =>
  `{${Array.from({ length: keys }, (_, i) => `"k${i}":[1,2,{"a":"x,y"}]`).join(',')}}`;

describe('objectWiderThan', () => {
  it('counts the keys of each object, not the elements of arrays or the commas in strings', () => {
    expect(objectWiderThan(object(MAX_JSON_KEYS), MAX_JSON_KEYS)).toBe(false);
    expect(objectWiderThan(object(MAX_JSON_KEYS + 1), MAX_JSON_KEYS)).toBe(true);
    expect(objectWiderThan(`[${'1,'.repeat(5000)}1]`, MAX_JSON_KEYS)).toBe(false);
    expect(objectWiderThan(`{"a":"${','.repeat(5000)}"}`, MAX_JSON_KEYS)).toBe(false);
    expect(objectWiderThan(`{"a":"\\"${','.repeat(5000)}"}`, MAX_JSON_KEYS)).toBe(false);
  });

  it('finds a wide object at any depth, and counts each object apart', () => {
    expect(objectWiderThan(`{"list":[${object(3)},${object(MAX_JSON_KEYS + 1)}]}`, MAX_JSON_KEYS)).toBe(true);
    const many = `[${Array.from({ length: 50 }, () => object(MAX_JSON_KEYS / 2)).join(',')}]`;
    expect(objectWiderThan(many, MAX_JSON_KEYS)).toBe(false);
  });
});
