import ICAL from 'ical.js';

// ical.js rejects a whole file for one bad value (RRULE:FREQ=FORTNIGHTLY, BYDAY=XX, a line
// without a colon). A feed must not vanish from the planning for one broken event, so a failed
// parse is retried without the lines ical.js cannot read on their own, within limits: a body
// that is mostly unreadable, or whose structure is broken (truncated), stays rejected.

const MAX_DROPPED_SHARE = 0.1;
const MAX_DROPPED_ANYWAY = 3;
const MAX_PREVIEW = 80;

function message(error: unknown): string {
  return error instanceof Error ? error.message.trim() : String(error);
}

function calendarsIn(parsed: unknown): ICAL.Component[] {
  // One component parses to ["vcalendar", …]; several concatenated ones to [[…], […]].
  const roots = Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : Array.isArray(parsed) ? parsed : [];
  return roots.filter((r): r is unknown[] => Array.isArray(r) && r[0] === 'vcalendar').map((jCal) => new ICAL.Component(jCal));
}

/** Drops the content lines ical.js cannot parse on their own; folds are undone first. */
function withoutUnreadableLines(body: string): { text: string; dropped: string[]; total: number } {
  const lines = body.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const kept: string[] = [];
  const dropped: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (/^(BEGIN|END):/i.test(line)) {
      kept.push(line);
      continue;
    }
    try {
      ICAL.parse.property(line);
      kept.push(line);
    } catch (error) {
      dropped.push(`${line.slice(0, MAX_PREVIEW)} (${message(error)})`);
    }
  }
  return { text: kept.join('\r\n'), dropped, total: lines.length };
}

/**
 * The VCALENDAR components of a body, with a warning per dropped line, or an error message.
 */
export function readCalendars(body: string, warn: (message: string) => void): ICAL.Component[] | string {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(body);
  } catch (error) {
    const first = `invalid iCalendar: ${message(error)}`;
    const retry = withoutUnreadableLines(body);
    const limit = Math.max(MAX_DROPPED_ANYWAY, retry.total * MAX_DROPPED_SHARE);
    if (retry.dropped.length === 0 || retry.dropped.length > limit) return first;
    try {
      parsed = ICAL.parse(retry.text);
    } catch {
      return first;
    }
    for (const line of retry.dropped) warn(`unreadable line dropped: ${line}`);
  }
  const calendars = calendarsIn(parsed);
  return calendars.length > 0 ? calendars : 'invalid iCalendar: no VCALENDAR component';
}
