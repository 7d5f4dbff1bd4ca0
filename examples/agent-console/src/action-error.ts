import { isKefuError } from '@kefu/protocol';
import type { Strings } from './strings.ts';

/**
 * Why an action failed, in the console's language: the sentence for the hub's error code where
 * the language has one (the hub's `message` is English prose for logs), else the error's message.
 * @example
 * actionErrorText(new KefuError('conflict', 'you already have 5 conversations (your capacity)'), STRINGS.zh);
 * // '会话已被他人接入或状态已变化，或您的接待量已满'
 */
export function actionErrorText(error: unknown, t: Strings): string {
  if (isKefuError(error)) return t.actionRefused[error.code] ?? error.message;
  return error instanceof Error ? error.message : String(error);
}
