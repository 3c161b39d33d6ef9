import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '#core/use-cases/ports';

/** A Log that can make an invocation-scoped child carrying plan name, execution and step on every line. */
export interface CutoverLogger extends Log {
  child(keys: Readonly<Record<string, unknown>>): CutoverLogger;
}

/** Powertools Logger (JSON lines, level from POWERTOOLS_LOG_LEVEL, service from POWERTOOLS_SERVICE_NAME). */
export function powertoolsLogger(
  logger: Logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cutover' }),
): CutoverLogger {
  return {
    debug: (message, extra) => (extra ? logger.debug(message, extra) : logger.debug(message)),
    info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
    warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
    error: (message, extra) => (extra ? logger.error(message, extra) : logger.error(message)),
    child: (keys) => {
      const child = logger.createChild();
      child.appendKeys({ ...keys });
      return powertoolsLogger(child);
    },
  };
}

/** Discards everything (tests, rehearsals that print their own report). */
export const silentLogger: CutoverLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly keys: Readonly<Record<string, unknown>>;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** Keeps every line in memory, with the keys of the child that wrote it (tests assert on them). */
export function recordingLogger(
  lines: LogLine[] = [],
  keys: Readonly<Record<string, unknown>> = {},
): CutoverLogger & { lines: LogLine[] } {
  const write = (level: LogLine['level']) => (message: string, extra?: Record<string, unknown>) => {
    lines.push(extra ? { level, message, keys, extra } : { level, message, keys });
  };
  return {
    lines,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (more) => recordingLogger(lines, { ...keys, ...more }),
  };
}
