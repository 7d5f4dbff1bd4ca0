import { KefuError } from '@kefu/protocol';
import { describe, expect, it } from 'vitest';
import { StoreConnectionError } from './store-connection-error.ts';
import { isTransientFailure } from './transient-failure.ts';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isTransientFailure', () => {
  it('retries what a store that is briefly away or slow throws', () => {
    for (const error of [
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      withCode('ETIMEDOUT'),
      withCode('EPIPE'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57014', 'canceling statement due to statement timeout'),
      withCode('08006', 'connection failure'),
      withCode('53300', 'too many connections'),
      withCode('40001', 'could not serialize access'),
      new Error('Connection terminated unexpectedly'),
      new Error('Query read timeout'),
      new Error('Client has encountered a connection error and is not queryable'),
      new KefuError('internal', 'the store failed'),
      new StoreConnectionError('postgres://db', withCode('ECONNREFUSED')),
    ])
      expect(isTransientFailure(error), String(error)).toBe(true);
  });

  it('does not retry what the same attempt would meet again', () => {
    for (const error of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation does not exist'),
      new KefuError('conflict', 'the conversation changed'),
      new KefuError('not_found', 'conversation c_1 does not exist'),
      new TypeError("Cannot read properties of undefined (reading 'seq')"),
      'a string',
      null,
    ])
      expect(isTransientFailure(error), String(error)).toBe(false);
  });
});
