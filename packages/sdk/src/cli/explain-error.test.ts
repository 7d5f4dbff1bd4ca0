import { describe, expect, it } from 'vitest';
import { BusConnectionError } from '../bus/bus-connection-error.ts';
import { explainError } from './explain-error.ts';

const err = (props: Record<string, unknown>) => Object.assign(new Error('raw'), props);

describe('explainError', () => {
  it('names the file, port or database and says what to do', () => {
    expect(explainError(err({ code: 'ENOENT', path: '/srv/faq.json' }))).toBe(
      '/srv/faq.json: no such file; check the path',
    );
    expect(
      explainError(err({ code: 'EADDRINUSE', port: 8080, address: '127.0.0.1', syscall: 'listen' })),
    ).toBe(
      'port 8080 on 127.0.0.1 is already in use: stop what listens there, or set listen.port in the config',
    );
    expect(
      explainError(
        Object.assign(new Error('database "shop" does not exist'), { code: '3D000', severity: 'FATAL' }),
      ),
    ).toBe('database "shop" does not exist: create it (e.g. createdb), or fix the database in store.url');
    expect(explainError(err({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 5432 }))).toMatch(
      /^cannot connect to 127\.0\.0\.1:5432 \(connection refused\)/,
    );
  });

  it('explains a typed error by its cause (a bus that could not connect)', () => {
    const refused = err({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 6379 });
    expect(explainError(new BusConnectionError('redis://127.0.0.1:6379', refused))).toMatch(
      /^cannot connect to 127\.0\.0\.1:6379 \(connection refused\)/,
    );
  });

  it('leaves faults alone (they keep their stack trace)', () => {
    expect(explainError(new TypeError('x is undefined'))).toBeUndefined();
    expect(explainError(err({ code: 'ENOENT' }))).toBeUndefined();
    expect(explainError(err({ code: 'XX000' }))).toBeUndefined();
    expect(explainError('text')).toBeUndefined();
  });
});
