import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../log';

export interface CalendarCredentials {
  username: string;
  password: string;
}

const credentialsFile = z.record(z.string(), z.object({ username: z.string().min(1), password: z.string() }));

/**
 * The Zimbra accounts the server reads calendars with, by origin (`https://zimbra.example`).
 * They live in a file on the server, never in the room document: displays read rooms. Read
 * on every poll, so a changed password needs no restart. A missing file means no credentials;
 * an unreadable one is logged (without its content) and ignored.
 */
export async function loadCalendarCredentials(path: string, log: Logger): Promise<Map<string, CalendarCredentials>> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.error(`calendars: cannot read ${path}: ${(err as Error).message}`);
    return new Map();
  }
  let parsed: z.infer<typeof credentialsFile>;
  try {
    const result = credentialsFile.safeParse(JSON.parse(raw));
    if (!result.success) {
      // Paths only: the values are passwords.
      const where = result.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
      log.error(`calendars: ${path} ignored: expected { "<origin>": { "username", "password" } }, wrong at ${where}`);
      return new Map();
    }
    parsed = result.data;
  } catch {
    log.error(`calendars: ${path} ignored: not valid JSON`);
    return new Map();
  }
  const byOrigin = new Map<string, CalendarCredentials>();
  for (const [key, value] of Object.entries(parsed)) {
    try {
      byOrigin.set(new URL(key).origin, value);
    } catch {
      log.warn(`calendars: ${path}: key "${key}" is not an origin like https://zimbra.example, ignored`);
    }
  }
  return byOrigin;
}

/** The credentials for a feed, matched on its URL's origin (scheme, host and port). */
export function credentialsFor(all: Map<string, CalendarCredentials>, url: string): CalendarCredentials | undefined {
  try {
    return all.get(new URL(url).origin);
  } catch {
    return undefined;
  }
}
