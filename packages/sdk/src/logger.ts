import { pino } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields of a log line. Never put message text or personal data here at info level. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

/** Longest string value a log line carries; the rest is replaced by a `…[+N]` marker. */
export const MAX_LOG_VALUE_LENGTH = 256;

/**
 * Fields whose value is replaced by `[redacted]` whatever it holds: the names under which
 * personal data or secrets would travel. Redaction goes by name, not by the shape of the value,
 * so it costs the same for any input and leaves IP addresses, dates and order numbers readable.
 */
export const REDACTED_LOG_FIELDS: readonly string[] = [
  'email',
  'phone',
  'mobile',
  'name',
  'displayName',
  'address',
  'userId',
  'text',
  'body',
  'comment',
  'note',
  'token',
  'identity',
  'identityToken',
  'session',
  'sessionToken',
  'secret',
  'password',
  'authorization',
  'cookie',
  'query',
];

/** Cuts a string to {@link MAX_LOG_VALUE_LENGTH}, never between the two halves of a surrogate pair. */
function cut(value: string): string {
  if (value.length <= MAX_LOG_VALUE_LENGTH) return value;
  const high = value.charCodeAt(MAX_LOG_VALUE_LENGTH - 1);
  const end = high >= 0xd800 && high <= 0xdbff ? MAX_LOG_VALUE_LENGTH - 1 : MAX_LOG_VALUE_LENGTH;
  return `${value.slice(0, end)}…[+${value.length - end}]`;
}

/**
 * One JSON object per line, `{"level":"info","t":…,"event":"conversation.created",…}`, written
 * by pino. String values are cut to {@link MAX_LOG_VALUE_LENGTH} before pino sees them, and the
 * fields in {@link REDACTED_LOG_FIELDS} are `[redacted]`. Lines are written synchronously.
 * @example
 * const hub = createHub({ sites, logger: createJsonLogger({ level: 'debug' }) });
 */
export function createJsonLogger(
  options: { level?: LogLevel; write?: (line: string) => void; now?: () => number } = {},
): Logger {
  // Looked up per line, so a test that swaps `process.stderr.write` sees the line.
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? Date.now;
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: null,
      timestamp: () => `,"t":${now()}`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_LOG_FIELDS], censor: '[redacted]' },
    },
    { write },
  );
  return {
    log(level, event, fields = {}) {
      if (!logger.isLevelEnabled(level)) return;
      const line: Record<string, string | number | boolean | null> = { event: cut(event) };
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined && key !== 'event')
          line[key] = typeof value === 'string' ? cut(value) : value;
      }
      logger[level](line);
    },
  };
}

export const silentLogger: Logger = { log() {} };
