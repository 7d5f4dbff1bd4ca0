import { describe, expect, it } from 'vitest';
import { BusConnectionError } from '../bus/bus-connection-error.ts';
import { DataDirInUseError } from '../store/data-dir-lock.ts';
import { StoreConnectionError } from '../store/store-connection-error.ts';
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

  it('says what stops a write: a file open in another program (Excel on Windows), or a folder', () => {
    // A new file in a folder it may not write in was "check the file's permissions", of no file.
    expect(explainError(err({ code: 'EACCES', path: '/srv/out/faq.csv', syscall: 'open' }))).toBe(
      '/srv/out/faq.csv: permission denied; check the permissions of the file, or of its folder for a new file',
    );
    // Exporting again to the CSV still open in Excel: EBUSY, which printed a stack trace.
    expect(explainError(err({ code: 'EBUSY', path: 'C:\\shop\\faq.csv', syscall: 'open' }))).toBe(
      'C:\\shop\\faq.csv: in use by another program (a spreadsheet that has it open?); close it there and run again',
    );
  });

  it('says how to get back a table the store lacks (a database restored in part)', () => {
    const missing = Object.assign(new Error('relation "kefu.api_keys" does not exist'), {
      code: '42P01',
      severity: 'ERROR',
    });
    expect(explainError(missing)).toBe(
      "the store has no table kefu.api_keys (PostgreSQL 42P01): run `kefu migrate`; if it says the schema is up to date, the database was restored in part (its kefu_migrations names a version whose tables are not all there): restore the store's schema whole from one backup",
    );
  });

  it('says whether the store or the bus could not connect, with its URL', () => {
    const refused = err({ code: 'ECONNREFUSED', address: '127.0.0.1', port: 5999 });
    expect(explainError(new BusConnectionError('redis://127.0.0.1:5999', refused))).toBe(
      'cannot connect to the bus at redis://127.0.0.1:5999 (connection refused): is Redis running, and is bus in the config right?',
    );
    expect(explainError(new StoreConnectionError('postgres://kefu@127.0.0.1:5999/shop', refused))).toBe(
      'cannot connect to the store at postgres://kefu@127.0.0.1:5999/shop (connection refused): is the database running, and is store in the config right?',
    );
  });

  it('names the process holding a PGlite directory, and what to do', () => {
    expect(explainError(new DataDirInUseError('/srv/kefu/data', 4242))).toBe(
      "the data directory /srv/kefu/data is in use by process 4242: stop it first, or open another directory (two processes on one PGlite directory corrupt it); a PGlite store is one process's: stop the hub before `kefu migrate` or `kefu api-key` (`kefu api-key create --seed` needs no store), or use PostgreSQL to run several",
    );
  });

  it('leaves faults alone (they keep their stack trace)', () => {
    expect(explainError(new TypeError('x is undefined'))).toBeUndefined();
    expect(explainError(err({ code: 'ENOENT' }))).toBeUndefined();
    expect(explainError(err({ code: 'XX000' }))).toBeUndefined();
    expect(explainError('text')).toBeUndefined();
  });
});
