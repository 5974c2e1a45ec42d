/** Where the server's lines go. Tests pass a silent or capturing logger. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** One timestamped line per event on stdout/stderr, greppable by level. */
export function consoleLogger(prefix = 'sync-server'): Logger {
  const line = (level: string, message: string) => `${new Date().toISOString()} ${level} [${prefix}] ${message}`;
  return {
    info: (m) => console.log(line('INFO ', m)),
    warn: (m) => console.warn(line('WARN ', m)),
    error: (m) => console.error(line('ERROR', m))
  };
}

/** Drops everything: for tests that do not look at logs. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** Keeps every line in memory, for tests that assert what was logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`)
  };
}
