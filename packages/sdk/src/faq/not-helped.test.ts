import { describe, expect, it } from 'vitest';
import { isNotHelped } from './not-helped.ts';

describe('isNotHelped', () => {
  it.each([
    '没用',
    '沒用',
    '没用！',
    '这没用',
    '還是沒用',
    '根本没有用',
    '没帮助',
    '沒有幫助',
    '答非所问',
    '答非所問',
    '不是我问的',
    '這不是我要問的',
    'not helpful',
    'Not helpful!',
    'that didn’t help',
    "That didn't help at all",
    'this does not help',
    "that's not what I asked",
    'That is not what I asked for.',
    'not what i meant',
    'useless',
    "it's useless",
    'wrong answer',
    "you didn't answer my question",
    "that doesn't answer my question",
    'no, that was not helpful',
    'still not helpful 👎',
  ])('reads %j as "the answer did not help"', (text) => {
    expect(isNotHelped(text)).toBe(true);
  });

  it.each([
    '这个耳机没用过能退吗',
    '没用过的可以退吗',
    '退款多久能到账',
    'is this helpful for running?',
    'the charger is not working',
    'what I asked about is the refund',
    'how long does a refund take',
    'useless cable, I want a return',
    '谢谢，很有用',
    'thanks, that helped',
  ])('leaves %j to the engine', (text) => {
    expect(isNotHelped(text)).toBe(false);
  });
});
