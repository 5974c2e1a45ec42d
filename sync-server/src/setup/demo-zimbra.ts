import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Router } from 'express';
import { parisInstant } from '../../../src/lib/domain/zoned';
import { parisDay } from '../../../src/lib/domain/dates';
import { shownUrl } from '../http-server';
import { type CouchClient, docPath } from '../couch-client';
import type { Logger } from '../log';

// A stand-in for the city's Zimbra in the demo (`npm start`): two rooms get a calendar address
// on the app's own origin, served here with basic auth, so the calendar worker can be seen at
// work (« Agenda Zimbra » meetings on the board and the display) with no Zimbra server around.

export const DEMO_ZIMBRA_ACCOUNT = { username: 'salles', password: 'demo-zimbra' };
export const DEMO_ZIMBRA_PATH = '/demo-zimbra';

/** Calendar name in the address → the room it belongs to. */
export const DEMO_CALENDARS: Record<string, { roomId: string; location: string }> = {
  'lac-du-bourget': { roomId: 'room:curial:salle-lac-du-bourget', location: 'Curial - Salle Lac du Bourget' },
  'salon-d-honneur': { roomId: 'room:hdv:salon-d-honneur', location: "Hôtel de Ville - Salon d'honneur" }
};

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const local = (day: string, time: string) => `${day.replace(/-/g, '')}T${time.replace(':', '')}00`;

/**
 * Zimbra-style iCalendar for one demo calendar, around `now`: a weekday series with an exception
 * and a moved occurrence, a meeting today, a cancelled one and a private one tomorrow.
 */
export function demoZimbraIcs(calendar: string, now: Date): string | null {
  const cal = DEMO_CALENDARS[calendar];
  if (!cal) return null;
  const today = parisDay(now);
  const dayAfter = (n: number) => parisDay(now.getTime() + n * 86_400_000);
  const dtstamp = stamp(parisInstant(today, '06:00') ?? now);
  const event = (lines: string[]) => ['BEGIN:VEVENT', `DTSTAMP:${dtstamp}`, `LOCATION:${cal.location}`, ...lines, 'END:VEVENT'];
  const uid = (s: string) => `${s}-${calendar}@demo-zimbra.chambery.fr`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:Zimbra-Calendar-Provider',
    `X-WR-CALNAME:${calendar}`,
    ...event([
      `UID:${uid('point-securite')}`,
      'SUMMARY:Point sécurité des bâtiments',
      'ORGANIZER;CN=Direction des bâtiments:mailto:batiments@chambery.fr',
      `DTSTART;TZID=Europe/Paris:${local(dayAfter(-7), '08:30')}`,
      `DTEND;TZID=Europe/Paris:${local(dayAfter(-7), '09:00')}`,
      'RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      `EXDATE;TZID=Europe/Paris:${local(dayAfter(3), '08:30')}`
    ]),
    ...event([
      `UID:${uid('point-securite')}`,
      `RECURRENCE-ID;TZID=Europe/Paris:${local(dayAfter(2), '08:30')}`,
      'SUMMARY:Point sécurité des bâtiments (décalé)',
      'ORGANIZER;CN=Direction des bâtiments:mailto:batiments@chambery.fr',
      `DTSTART;TZID=Europe/Paris:${local(dayAfter(2), '11:00')}`,
      `DTEND;TZID=Europe/Paris:${local(dayAfter(2), '11:30')}`
    ]),
    ...event([
      `UID:${uid('atelier')}`,
      'SUMMARY:Atelier participatif du quartier',
      'ORGANIZER;CN=Vie des quartiers:mailto:quartiers@chambery.fr',
      'ATTENDEE;CN=Habitants:mailto:habitants@chambery.fr',
      `DTSTART;TZID=Europe/Paris:${local(today, '16:30')}`,
      `DTEND;TZID=Europe/Paris:${local(today, '18:00')}`
    ]),
    ...event([
      `UID:${uid('formation')}`,
      'SUMMARY:Formation des agents d’accueil',
      'STATUS:CANCELLED',
      'ORGANIZER;CN=Ressources humaines:mailto:rh@chambery.fr',
      `DTSTART;TZID=Europe/Paris:${local(dayAfter(1), '14:00')}`,
      `DTEND;TZID=Europe/Paris:${local(dayAfter(1), '16:00')}`
    ]),
    ...event([
      `UID:${uid('entretien')}`,
      'CLASS:PRIVATE',
      'SUMMARY:Entretien individuel',
      `DTSTART;TZID=Europe/Paris:${local(dayAfter(1), '10:00')}`,
      `DTEND;TZID=Europe/Paris:${local(dayAfter(1), '11:00')}`
    ]),
    'END:VCALENDAR',
    ''
  ];
  return lines.join('\r\n');
}

/** Serves the demo calendars at `/demo-zimbra/home/salles/<calendar>`, as Zimbra does (basic auth, ETag). */
export function demoZimbraRouter(now: () => Date = () => new Date()): Router {
  const router = Router();
  router.get('/home/:account/:calendar', (req, res) => {
    const expected = `Basic ${Buffer.from(`${DEMO_ZIMBRA_ACCOUNT.username}:${DEMO_ZIMBRA_ACCOUNT.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected || req.params.account !== DEMO_ZIMBRA_ACCOUNT.username) {
      res.status(401).setHeader('WWW-Authenticate', 'Basic realm="Zimbra"').end();
      return;
    }
    const body = demoZimbraIcs(req.params.calendar, now());
    if (!body) {
      res.status(404).end();
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('ETag', etag);
    res.type('text/calendar; charset=utf-8').send(body);
  });
  return router;
}

/**
 * Points the two demo rooms at the demo calendars on `webUrl` and records the demo account in
 * the calendar credentials file (kept if it is already there). Rooms that already have a
 * calendar address are left alone.
 */
export async function enableDemoCalendars(client: CouchClient, credentialsFile: string, webUrl: string, log: Logger): Promise<void> {
  let credentials: Record<string, unknown> = {};
  try {
    credentials = JSON.parse(await readFile(credentialsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    // No file yet (or unreadable): the demo writes its own.
  }
  const origin = new URL(webUrl).origin;
  if (!credentials[origin]) {
    credentials[origin] = DEMO_ZIMBRA_ACCOUNT;
    await writeFile(credentialsFile, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  }
  for (const [calendar, { roomId }] of Object.entries(DEMO_CALENDARS)) {
    const room = await client.request('GET', docPath('planning', roomId));
    if (room.status !== 200) continue;
    const doc = room.body as { calendarUrl?: string };
    if (doc.calendarUrl) continue;
    const calendarUrl = `${webUrl}${DEMO_ZIMBRA_PATH}/home/${DEMO_ZIMBRA_ACCOUNT.username}/${calendar}?fmt=ics`;
    const put = await client.request('PUT', docPath('planning', roomId), { ...doc, calendarUrl });
    if (put.status >= 400) log.error(`demo: could not give ${roomId} its demo calendar: ${put.status}`);
  }
  log.info(`demo: two rooms read their meetings from the demo Zimbra at ${shownUrl(webUrl)}${DEMO_ZIMBRA_PATH}`);
}
