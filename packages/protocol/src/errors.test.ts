import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from './codec.ts';
import { encodeFrame } from './encode-frame.ts';
import {
  ERROR_CODE_LIST,
  ERROR_CODES,
  type ErrorCode,
  FATAL_CLOSE_CODES,
  isKefuError,
  KefuError,
} from './errors.ts';
import { HubToShopper } from './shopper-frames.ts';
import { markdownTable } from './testing/markdown-table.ts';

const entries = Object.entries(ERROR_CODES) as [ErrorCode, (typeof ERROR_CODES)[ErrorCode]][];

describe('ERROR_CODES', () => {
  it('gives every code a retryable flag, a description and a close code in 1000–4999 or null', () => {
    for (const [code, entry] of entries) {
      expect(typeof entry.retryable, code).toBe('boolean');
      expect(entry.when.length, code).toBeGreaterThan(20);
      if (entry.close === null) continue;
      expect(Number.isInteger(entry.close), code).toBe(true);
      expect(entry.close, code).toBeGreaterThanOrEqual(1000);
      expect(entry.close, code).toBeLessThanOrEqual(4999);
    }
  });

  it('never uses a close code that RFC 6455 forbids in a close frame (1004, 1005, 1006, 1015)', () => {
    const closes = entries.map(([, e]) => e.close);
    for (const reserved of [1004, 1005, 1006, 1015]) expect(closes).not.toContain(reserved);
  });

  it('uses the private 4000–4999 range for every close code of its own', () => {
    // 1001 (going away) and 1009 (message too big) are the standard codes for their cases.
    const own = entries.map(([, e]) => e.close).filter((c) => c !== null && c !== 1001 && c !== 1009);
    for (const close of own) expect(close).toBeGreaterThanOrEqual(4000);
  });

  it('gives a hub cut off from its bus a retryable code and close code of its own, apart from slow_consumer', () => {
    expect(ERROR_CODES.bus_outage).toMatchObject({ retryable: true, close: 4503 });
    const others = entries.filter(([code]) => code !== 'bus_outage').map(([, e]) => e.close);
    expect(others).not.toContain(4503);
    expect(FATAL_CLOSE_CODES).not.toContain(4503);
  });

  it('lists the codes in ERROR_CODE_LIST', () => {
    expect(ERROR_CODE_LIST).toEqual(Object.keys(ERROR_CODES));
  });

  it('has snake_case codes', () => {
    for (const code of ERROR_CODE_LIST) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it('is the enum of the error frame: every code can be sent', () => {
    for (const [code, entry] of entries) {
      const frame = { v: 1, type: 'error', code, message: 'm', retryable: entry.retryable };
      expect(decodeFrame(HubToShopper, encodeFrame(frame)).ok, code).toBe(true);
    }
  });
});

describe('FATAL_CLOSE_CODES', () => {
  const closes = new Set<number | null>(entries.map(([, e]) => e.close));

  it('is a subset of the close codes in the table', () => {
    for (const close of FATAL_CLOSE_CODES) expect(closes.has(close), String(close)).toBe(true);
  });

  it('holds only close codes of non-retryable errors, so a client never gives up on a retryable one', () => {
    for (const [code, entry] of entries) {
      if (entry.close !== null && FATAL_CLOSE_CODES.includes(entry.close))
        expect(entry.retryable, code).toBe(false);
    }
  });

  it('leaves out every close code a retryable error uses', () => {
    for (const [code, entry] of entries) {
      if (entry.retryable && entry.close !== null) expect(FATAL_CLOSE_CODES, code).not.toContain(entry.close);
    }
  });
});

describe('KefuError', () => {
  it('carries the code, the retryable flag from the table, the message and the cause', () => {
    const cause = new Error('store down');
    const error = new KefuError('internal', 'could not store', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'KefuError',
      code: 'internal',
      retryable: true,
      message: 'could not store',
    });
    expect(error.cause).toBe(cause);
    expect(new KefuError('not_found', 'no such conversation').retryable).toBe(false);
  });
});

describe('isKefuError', () => {
  it('recognises a KefuError', () => {
    expect(isKefuError(new KefuError('conflict', 'taken'))).toBe(true);
  });

  it('recognises a KefuError from another copy of the package', () => {
    // Two bundles each have their own class, so instanceof fails across them; the shape does not.
    const foreign = Object.assign(new Error('x'), { name: 'KefuError', code: 'forbidden' });
    expect(isKefuError(foreign)).toBe(true);
  });

  it('rejects plain errors, look-alike objects and non-errors', () => {
    expect(isKefuError(new Error('x'))).toBe(false);
    expect(isKefuError({ name: 'KefuError', code: 'forbidden', message: 'x' })).toBe(false);
    expect(isKefuError(Object.assign(new Error('x'), { name: 'KefuError' }))).toBe(false);
    for (const value of [null, undefined, 'KefuError', 42]) expect(isKefuError(value)).toBe(false);
  });
});

describe('the README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('shows ERROR_CODES, rendered row by row in table order', () => {
    const rows = entries.map(([code, e]) => [
      `\`${code}\``,
      e.when,
      e.retryable ? 'yes' : 'no',
      String(e.close ?? '—'),
    ]);
    expect(markdownTable(readme, 'Code')).toEqual(rows);
  });

  it('lists exactly the FATAL_CLOSE_CODES as the ones not to reconnect after', () => {
    expect(markdownTable(readme, 'Close').map(([close]) => Number(close))).toEqual([...FATAL_CLOSE_CODES]);
  });
});

describe('KefuError on a page that froze Error.prototype (SES lockdown)', () => {
  // Its own process: freezing the test runner's Error.prototype would break the runner.
  it('is made, named KefuError, where assigning `name` would throw', () => {
    const url = new URL('./errors.ts', import.meta.url).href;
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `Object.freeze(Error.prototype);
         const { KefuError } = await import(${JSON.stringify(url)});
         process.stdout.write(String(new KefuError('internal', 'frozen')));`,
      ],
      { encoding: 'utf8' },
    );
    expect(out).toBe('KefuError: frozen');
  });
});
