import { afterEach, describe, expect, it } from 'vitest';
import { createJsonLogger, type LogLevel, redact, silentLogger } from '../logger.ts';
import { agent, shopper, startHub, until } from '../testing/hub-fixture.ts';
import type { Hub } from './create-hub.ts';

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
      '{"t":1000,"level":"info","event":"conversation.created","conversation":"c_1","site":"shop"}\n',
      '{"t":1000,"level":"warn","event":"plugin.failed","plugin":"answer","code":"plugin_failed"}\n',
    ]);
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

  it('redacts e-mail addresses and phone numbers in any string field', () => {
    const { logger, lines, parsed } = capture();
    logger.log('warn', 'plugin.failed', {
      error: 'lookup failed for li.lei+vip@example.com.cn',
      detail: 'call me at 13812345678 please',
      other: '电话：+86 138-1234-5678，邮箱 mei@shop.test',
    });
    expect(parsed()[0]).toMatchObject({
      error: 'lookup failed for [email]',
      detail: 'call me at [phone] please',
      other: '电话：[phone]，邮箱 [email]',
    });
    expect(lines[0]).not.toMatch(/example\.com|13812345678|1234-5678|shop\.test/);
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

describe('redact', () => {
  it.each([
    ['mei@shop.test', '[email]'],
    ['first.last+tag@mail.example.co.uk', '[email]'],
    ['13812345678', '[phone]'],
    ['+86 138 1234 5678', '[phone]'],
    ['021-6234-5678', '[phone]'],
    ['555-123-4567', '[phone]'],
    ['我的手机13812345678谢谢', '我的手机[phone]谢谢'],
  ])('replaces %j with %j', (input, output) => {
    expect(redact(input)).toBe(output);
  });

  it.each(['c_0123456789abcdef', 'order 42', 'seq 12345', 'agent mei', 'port 5173'])(
    'leaves %j alone (ids and short numbers are not personal data)',
    (input) => {
      expect(redact(input)).toBe(input);
    },
  );

  // "-", so the common "(area) number" notation reaches the logs unredacted.
  it('redacts a phone number written with the area code in parentheses', () => {
    expect(redact('call (555) 123-4567')).not.toContain('123-4567');
  });
});

describe('the hub keeps message text and personal data out of its logs', () => {
  let hub: Hub | undefined;
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  it('logs a whole conversation without the text, phone or e-mail at info level or above', async () => {
    const lines: string[] = [];
    const started = await startHub({
      logger: createJsonLogger({ level: 'debug', write: (l) => lines.push(l) }),
    });
    hub = started.hub;
    const phone = '13912345678';
    const email = 'zhang.wei@example.com';
    const sentence = 'The blue jacket I ordered last week arrived with a torn sleeve';
    // The agent is online first, so the escalation finds someone rather than opening a ticket.
    const a = agent(started.url);
    await a.connect();
    const s = shopper(started.url, { locale: 'en' });
    s.connect();
    await until(() => s.status === 'open', 'shopper welcome');
    s.send(`my phone is ${phone}`);
    s.send(`write to me at ${email}`);
    s.send(sentence);
    await until(() => s.outbox.length === 0, 'all three messages stored');
    await until(() => s.state?.status === 'queued' || s.state?.status === 'assigned', 'handed to a human');
    const c =
      s.state?.status === 'queued' ? await a.accept(s.conversationId!) : await a.join(s.conversationId!);
    await a.send(c.id, `Sorry about the sleeve, we will call ${phone}`);
    await until(() => s.messages.some((m) => m.author.kind === 'agent'), 'agent reply at the shopper');
    await a.close(c.id, 'refund');
    await until(() => s.state?.status === 'closed', 'closed');
    s.close();
    a.disconnect();
    await hub.close();
    hub = undefined;

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The check is only meaningful if the hub did log this conversation.
    expect(parsed.map((l) => l.event)).toEqual(
      expect.arrayContaining(['conversation.created', 'conversation.assigned']),
    );
    const atInfoOrAbove = lines.filter((_, i) => parsed[i]!.level !== 'debug');
    for (const line of atInfoOrAbove) {
      expect(line).not.toContain(phone);
      expect(line).not.toContain(email);
      expect(line).not.toContain('torn sleeve');
      expect(line).not.toContain('blue jacket');
    }
  });
});
