export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields of a log line. Never put message text or personal data here at info level. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

// Shapes of personal data that must never reach a log line, whatever field they end up in.
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const PHONE = /(?<![\w:])\+?\(?\d[\d\s().-]{7,}\d(?![\w:])/g;

/** Replaces e-mail addresses and phone numbers in a log value. */
export function redact(value: string): string {
  return value.replace(EMAIL, '[email]').replace(PHONE, '[phone]');
}

/**
 * One JSON object per line: `{"t":…,"level":"info","event":"conversation.created",…}`.
 * @example
 * const hub = createHub({ sites, logger: createJsonLogger({ level: 'debug' }) });
 */
export function createJsonLogger(
  options: { level?: LogLevel; write?: (line: string) => void; now?: () => number } = {},
): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? Date.now;
  return {
    log(level, event, fields = {}) {
      if (ORDER[level] < min) return;
      const line: Record<string, unknown> = { t: now(), level, event };
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) line[key] = typeof value === 'string' ? redact(value) : value;
      }
      write(`${JSON.stringify(line)}\n`);
    },
  };
}

export const silentLogger: Logger = { log() {} };
