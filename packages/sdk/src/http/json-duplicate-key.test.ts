import { describe, expect, it } from 'vitest';
import { duplicateJsonKey } from './json-duplicate-key.ts';

describe('duplicateJsonKey', () => {
  it('finds a key given twice in one object, however deep, escaped or not', () => {
    expect(duplicateJsonKey('{"a":1,"a":2}')).toBe('a');
    expect(duplicateJsonKey('{"x":[{"b":1},{"c":{"d":1,"d":2}}]}')).toBe('d');
    expect(duplicateJsonKey('{"title":"a","ti\\u0074le":"b"}')).toBe('title');
    expect(duplicateJsonKey('{"a":{"b":1},"a":2}')).toBe('a');
  });

  it('lets the same key stand in sibling objects, and strings that look like keys', () => {
    expect(duplicateJsonKey('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(duplicateJsonKey('{"a":{"a":{"a":1}}}')).toBeUndefined();
    expect(duplicateJsonKey('{"a":"a","b":["a","a"],"c":"{\\"a\\":1,\\"a\\":2}"}')).toBeUndefined();
    expect(duplicateJsonKey('{"q\\"":1,"q":2, "": 3}')).toBeUndefined();
    expect(duplicateJsonKey('["a","a"]')).toBeUndefined();
    expect(duplicateJsonKey('"a"')).toBeUndefined();
    expect(duplicateJsonKey(' { } ')).toBeUndefined();
  });
});
