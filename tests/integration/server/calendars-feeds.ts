// Zimbra-style iCalendar feeds and a local HTTP server that serves them, for the calendar
// worker's tests and benchmark. Written the way Zimbra's `?fmt=ics` export writes them:
// CRLF, a Europe/Paris VTIMEZONE, quoted TZID parameters, lines folded at 75 octets.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local time "YYYYMMDDTHHMMSS" in Europe/Paris, or a date "YYYYMMDD" for all-day events. */
export type IcsTime = string;

export interface FeedEvent {
  uid: string;
  summary: string;
  start: IcsTime;
  end: IcsTime;
  rrule?: string;
  exdates?: IcsTime[];
  /** For an override of one occurrence of a recurring event: that occurrence's original start. */
  recurrenceId?: IcsTime;
  status?: 'CONFIRMED' | 'CANCELLED' | 'TENTATIVE';
  organiser?: { name: string; email: string };
  attendees?: number;
  location?: string;
  description?: string;
}

const PARIS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Paris',
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETTO:+0100',
  'TZOFFSETFROM:+0200',
  'RRULE:FREQ=YEARLY;WKST=MO;INTERVAL=1;BYMONTH=10;BYDAY=-1SU',
  'TZNAME:CET',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETTO:+0200',
  'TZOFFSETFROM:+0100',
  'RRULE:FREQ=YEARLY;WKST=MO;INTERVAL=1;BYMONTH=3;BYDAY=-1SU',
  'TZNAME:CEST',
  'END:DAYLIGHT',
  'END:VTIMEZONE'
];

/** TEXT values escape backslash, semicolon, comma and newline (RFC 5545 §3.3.11). */
const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n');

const timeProp = (name: string, t: IcsTime) => (t.includes('T') ? `${name};TZID="Europe/Paris":${t}` : `${name};VALUE=DATE:${t}`);

/**
 * Folds at 75 octets, wherever that falls, even inside a UTF-8 character: RFC 5545 allows
 * careless writers to, and readers must cope.
 */
function fold(line: string): Buffer {
  const bytes = Buffer.from(line, 'utf8');
  const parts: Buffer[] = [];
  for (let at = 0, width = 75; at < bytes.length; at += width, width = 74) {
    if (parts.length) parts.push(Buffer.from('\r\n '));
    parts.push(bytes.subarray(at, at + width));
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

function eventLines(e: FeedEvent, stamp: string): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${e.uid}`, `SUMMARY:${escapeText(e.summary)}`];
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.organiser) lines.push(`ORGANIZER;CN=${e.organiser.name}:mailto:${e.organiser.email}`);
  for (let i = 0; i < (e.attendees ?? 0); i++) {
    lines.push(`ATTENDEE;CN=Agent ${i + 1};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:agent${i + 1}@mairie-chambery.fr`);
  }
  if (e.recurrenceId) lines.push(timeProp('RECURRENCE-ID', e.recurrenceId));
  lines.push(timeProp('DTSTART', e.start), timeProp('DTEND', e.end));
  lines.push(`STATUS:${e.status ?? 'CONFIRMED'}`, 'CLASS:PUBLIC', 'X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY', 'TRANSP:OPAQUE');
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  for (const x of e.exdates ?? []) lines.push(timeProp('EXDATE', x));
  lines.push(`DTSTAMP:${stamp}`, 'SEQUENCE:0', 'END:VEVENT');
  return lines;
}

/** A whole feed, as the bytes Zimbra would send. */
export function zimbraCalendar(name: string, events: FeedEvent[], stamp = '20260301T080000Z'): Buffer {
  const lines = [
    'BEGIN:VCALENDAR',
    `X-WR-CALNAME:${escapeText(name)}`,
    'PRODID:Zimbra-Calendar-Provider',
    'VERSION:2.0',
    'METHOD:PUBLISH',
    ...PARIS_VTIMEZONE,
    ...events.flatMap((e) => eventLines(e, stamp)),
    'END:VCALENDAR'
  ];
  return Buffer.concat(lines.map(fold));
}

/** How the feed server answers one path. */
export interface FeedRoute {
  body?: string | Buffer;
  status?: number;
  contentType?: string;
  /** Sent as ETag; an If-None-Match that matches gets a 304. */
  etag?: string;
  lastModified?: string;
  /** Waits this long before answering (a Zimbra that hangs). */
  delayMs?: number;
  /** Basic auth the path requires. */
  auth?: { username: string; password: string };
}

export interface FeedRequestLog {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface FeedServer {
  url: string;
  routes: Map<string, FeedRoute>;
  requests: FeedRequestLog[];
  close(): Promise<void>;
}

/** A local stand-in for Zimbra: serves `routes` by path (query ignored), logs every request. */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const requests: FeedRequestLog[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes.get(path);
    const answer = (status: number, headers: Record<string, string> = {}, body?: string | Buffer) => {
      requests.push({ path, headers: req.headers, status });
      res.writeHead(status, headers);
      res.end(body);
    };
    const respond = () => {
      if (!route) return answer(404, { 'Content-Type': 'text/plain' }, 'no such calendar');
      if (route.auth) {
        const expected = `Basic ${Buffer.from(`${route.auth.username}:${route.auth.password}`).toString('base64')}`;
        if (req.headers.authorization !== expected) return answer(401, { 'WWW-Authenticate': 'Basic realm="Zimbra"' }, 'must authenticate');
      }
      if (route.etag && req.headers['if-none-match'] === route.etag) return answer(304, { ETag: route.etag });
      const headers: Record<string, string> = { 'Content-Type': route.contentType ?? 'text/calendar; charset=utf-8' };
      if (route.etag) headers.ETag = route.etag;
      if (route.lastModified) headers['Last-Modified'] = route.lastModified;
      answer(route.status ?? 200, headers, route.body ?? '');
    };
    if (route?.delayMs) setTimeout(respond, route.delayMs).unref();
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
