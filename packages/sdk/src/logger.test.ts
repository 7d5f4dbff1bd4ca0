import { describe, expect, it } from 'vitest';
import {
  createJsonLogger,
  type LogLevel,
  MAX_LOG_VALUE_LENGTH,
  REDACTED_LOG_FIELDS,
  silentLogger,
} from './logger.ts';

/** A logger that keeps its lines, with a fixed time so lines compare exactly. */
function capture(level?: LogLevel) {
  const lines: string[] = [];
  const logger = createJsonLogger({
    ...(level ? { level } : {}),
    write: (line) => lines.push(line),
    now: () => 1000,
  });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createJsonLogger', () => {
  it('writes one JSON object per event, each on its own line', () => {
    const { logger, lines } = capture();
    logger.log('info', 'conversation.created', { conversation: 'c_1', site: 'shop' });
    logger.log('warn', 'plugin.failed', { plugin: 'answer', code: 'plugin_failed' });
    expect(lines).toEqual([
      '{"level":"info","t":1000,"event":"conversation.created","conversation":"c_1","site":"shop"}\n',
      '{"level":"warn","t":1000,"event":"plugin.failed","plugin":"answer","code":"plugin_failed"}\n',
    ]);
  });

  it('writes each line synchronously, before log returns', () => {
    const { logger, lines } = capture();
    logger.log('error', 'hub.fault', { where: 'retention' });
    expect(lines).toHaveLength(1);
  });

  it('keeps a value with a newline on one line', () => {
    const { logger, lines } = capture();
    logger.log('error', 'hub.fault', { error: 'line one\nline two' });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.indexOf('\n')).toBe(lines[0]!.length - 1);
    expect(JSON.parse(lines[0]!).error).toBe('line one\nline two');
  });

  it('logs info and above by default and drops debug', () => {
    const { logger, parsed } = capture();
    for (const level of ['debug', 'info', 'warn', 'error'] as const) logger.log(level, `e.${level}`);
    expect(parsed().map((l) => l.level)).toEqual(['info', 'warn', 'error']);
  });

  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ] as const)('at level %s writes only %j', (min, expected) => {
    const { logger, parsed } = capture(min);
    for (const level of ['debug', 'info', 'warn', 'error'] as const) logger.log(level, 'e');
    expect(parsed().map((l) => l.level)).toEqual(expected);
  });

  it('keeps numbers, booleans and null, and leaves out undefined fields', () => {
    const { logger, parsed } = capture();
    logger.log('info', 'e', { n: 3, ok: false, origin: null, missing: undefined });
    expect(parsed()[0]).toEqual({ t: 1000, level: 'info', event: 'e', n: 3, ok: false, origin: null });
  });

  it('does not let a field replace the event name', () => {
    const { logger, parsed } = capture();
    logger.log('info', 'hub.closed', { event: 'something.else' });
    expect(parsed()[0]!.event).toBe('hub.closed');
  });

  it('writes to stderr when no writer is given', () => {
    const written: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write;
    try {
      createJsonLogger().log('info', 'hub.closed');
    } finally {
      process.stderr.write = original;
    }
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!)).toMatchObject({ level: 'info', event: 'hub.closed' });
  });

  it('silentLogger writes nothing', () => {
    expect(() => silentLogger.log('error', 'anything', { a: 1 })).not.toThrow();
  });
});

describe('long values', () => {
  it('cuts a 15,000-character value of word and dot characters to the cap, saying how much was cut', () => {
    const { logger, lines, parsed } = capture();
    const origin = `http://${'a.'.repeat(7_495)}com`;
    expect(origin).toHaveLength(15_000);
    logger.log('warn', 'connection.origin_refused', { site: 'shop', origin });
    const logged = parsed()[0]!.origin as string;
    expect(logged).toBe(`${origin.slice(0, MAX_LOG_VALUE_LENGTH)}…[+${15_000 - MAX_LOG_VALUE_LENGTH}]`);
    expect(lines[0]!.length).toBeLessThan(MAX_LOG_VALUE_LENGTH + 200);
  });

  it('keeps a value of exactly the cap whole', () => {
    const { logger, parsed } = capture();
    const value = 'x'.repeat(MAX_LOG_VALUE_LENGTH);
    logger.log('info', 'e', { value });
    expect(parsed()[0]!.value).toBe(value);
  });

  it('cuts the event name too', () => {
    const { logger, parsed } = capture();
    logger.log('info', 'e'.repeat(10_000));
    expect((parsed()[0]!.event as string).length).toBeLessThan(MAX_LOG_VALUE_LENGTH + 20);
  });

  it('never cuts between the two halves of a surrogate pair', () => {
    const { logger, lines, parsed } = capture();
    const value = `${'x'.repeat(MAX_LOG_VALUE_LENGTH - 1)}😀${'y'.repeat(100)}`;
    logger.log('info', 'e', { value });
    expect(lines[0]).not.toMatch(/\\ud83d/i);
    expect(parsed()[0]!.value).toBe(`${'x'.repeat(MAX_LOG_VALUE_LENGTH - 1)}…[+102]`);
  });
});

describe('personal data', () => {
  it.each(REDACTED_LOG_FIELDS.map((field) => [field]))('writes the %s field as [redacted]', (field) => {
    const { logger, lines, parsed } = capture();
    logger.log('info', 'e', { [field]: 'zhang.wei@example.com +86 138 1234 5678' });
    expect(parsed()[0]![field]).toBe('[redacted]');
    expect(lines[0]).not.toContain('example.com');
    expect(lines[0]).not.toContain('1234');
  });

  it('redacts a field by its name whatever type its value has', () => {
    const { logger, parsed } = capture();
    logger.log('info', 'e', { phone: 13812345678 });
    expect(parsed()[0]!.phone).toBe('[redacted]');
  });

  // The regular expressions this replaced turned all three into "[phone]".
  it.each([
    ['ip', '203.0.113.9'],
    ['at', '2026-12-02 10:11:12'],
    ['order', 'SO-20261202-000123'],
    ['conversation', 'c_0123456789abcdef'],
    ['port', 'port 5173'],
  ])('keeps %s %j readable', (field, value) => {
    const { logger, parsed } = capture();
    logger.log('info', 'e', { [field]: value });
    expect(parsed()[0]![field]).toBe(value);
  });
});
