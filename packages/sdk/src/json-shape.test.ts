import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, MAX_JSON_DEPTH } from './json-shape.ts';

const object = (keys: number) =>
  `{${Array.from({ length: keys }, (_, i) => `"k${i}":[1,2,{"a":"x,y"}]`).join(',')}}`;
const depth = (text: string, maxDepth: number) => jsonShapeProblem(text, { maxDepth }) === 'depth';
const wide = (text: string, maxKeys: number) =>
  jsonShapeProblem(text, { maxDepth: MAX_JSON_DEPTH, maxKeys }) === 'keys';

describe('jsonShapeProblem', () => {
  it('counts nesting by arrays and objects, and stops at the first level past the limit', () => {
    expect(depth('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(depth('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(depth(`${'['.repeat(512 * 1024)}${']'.repeat(512 * 1024)}`, MAX_JSON_DEPTH)).toBe(true);
  });

  it('does not count brackets or commas inside strings, escaped quotes included', () => {
    expect(depth(JSON.stringify({ text: '[[[{{{' }), 1)).toBe(false);
    expect(depth(JSON.stringify({ text: 'say "[[[" \\' }), 1)).toBe(false);
    expect(depth(JSON.stringify([{ text: '\\' }, [[]]]), 2)).toBe(true);
    expect(wide(`{"a":"${','.repeat(5000)}"}`, 10)).toBe(false);
    expect(wide(`{"a":"\\"${','.repeat(5000)}"}`, 10)).toBe(false);
  });

  it('counts the keys of each object apart, at any depth, not the elements of arrays', () => {
    expect(wide(object(1000), 1000)).toBe(false);
    expect(wide(object(1001), 1000)).toBe(true);
    expect(wide(`[${'1,'.repeat(5000)}1]`, 1000)).toBe(false);
    expect(wide(`{"list":[${object(3)},${object(1001)}]}`, 1000)).toBe(true);
    expect(wide(`[${Array.from({ length: 50 }, () => object(500)).join(',')}]`, 1000)).toBe(false);
  });

  it('counts values in all when asked, and names the first limit passed', () => {
    const limits = { maxDepth: 4, maxKeys: 3, maxValues: 5 };
    expect(jsonShapeProblem('{"a":[1,2,3],"b":1}', limits)).toBeUndefined();
    expect(jsonShapeProblem('{"a":[1,2,3,4,5,6,7]}', limits)).toBe('values');
    expect(jsonShapeProblem('{"a":1,"b":2,"c":3,"d":4}', limits)).toBe('keys');
    expect(jsonShapeProblem('[[[[[1]]]]]', limits)).toBe('depth');
    expect(jsonShapeProblem(`[${'1,'.repeat(5000)}1]`, { maxDepth: 4 })).toBeUndefined();
  });
});
