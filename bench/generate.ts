// One year of generated data at the volumes in ARCHITECTURE.md: ≈900 visits a month at Curial,
// ≈2,100 at the Hôtel de Ville, and a day's board of meetings in 40 rooms on working days.
// `generateRetained`: what a desk holds under the retention rules at the end of that year.
import { datedCode } from '../src/lib/domain/appointment-code';
import { appointmentId } from '../src/lib/domain/appointment';
import { parseDocument } from '../src/lib/domain/documents';

const SERVICES = ['service:etat-civil', 'service:urbanisme', 'service:ccas', 'service:elections', 'service:services-techniques'];

function prng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export interface Generated {
  accueil: object[];
  planning: object[];
}

const START = Date.UTC(2025, 10, 1);
const DAY = 86_400_000;

export function generateYear(scale = 1): Generated {
  const rand = prng(42);
  const accueil: object[] = [];
  const planning: object[] = [];
  const start = START;
  for (let day = 0; day < 365; day++) {
    const date = new Date(start + day * 86_400_000);
    const weekday = date.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (const [site, perMonth] of [['curial', 900], ['hdv', 2100]] as const) {
      const perDay = Math.round((perMonth / 21) * scale);
      for (let i = 0; i < perDay; i++) {
        const arrived = new Date(date.getTime() + (7 * 3600 + rand() * 9 * 3600) * 1000).toISOString();
        const left = new Date(Date.parse(arrived) + (5 + rand() * 60) * 60_000).toISOString();
        accueil.push({
          _id: `visit:${site}:${arrived}:${i.toString(36)}${Math.floor(rand() * 1e6).toString(36)}`,
          type: 'visit', v: 1, site,
          visitorName: `Visiteur ${day}-${i}`,
          reason: 'Renseignement',
          serviceId: SERVICES[Math.floor(rand() * SERVICES.length)],
          vigipirate: { idChecked: true, doorOpenedBy: 'Agent', doorOpenedAt: arrived },
          arrivedAt: arrived, checkedOutAt: left, checkedOutBy: 'Agent',
          createdBy: 'desk-gen', updatedAt: left, updatedBy: 'desk-gen', fieldGen: { checkedOutAt: 2, checkedOutBy: 2 }
        });
      }
    }
    for (let room = 0; room < Math.round(40 * scale); room++) {
      if (rand() < 0.5) continue;
      const site = room < 20 ? 'curial' : 'hdv';
      const s = new Date(date.getTime() + (7 + Math.floor(rand() * 9)) * 3600_000).toISOString();
      planning.push({
        _id: `meeting:${site}:${s}:r${room}`, type: 'meeting', v: 1, site, roomId: `room:${site}:salle-${room}`,
        title: `Réunion ${room}`, organiser: 'Direction générale', start: s,
        end: new Date(Date.parse(s) + 3600_000).toISOString(), source: 'ics'
      });
    }
  }
  check({ accueil, planning });
  return { accueil, planning };
}

/** Appointments booked a working day, both buildings (an assumption: ARCHITECTURE.md gives no figure). */
const APPOINTMENTS_PER_DAY = 40;
/** Visitor records kept (retention worker, RETENTION_DAYS) and meetings imported ahead (CALENDAR_DAYS_AHEAD). */
const RETAINED_DAYS = 92;
const DAYS_AHEAD = 14;

/**
 * What a desk holds at the end of that year under the retention rules: the last 92 days of
 * visits, the year's appointments, the meetings of the coming 14 days (what the calendar worker
 * imports). The reference data is the demo's, already on the server. The purge leaves the
 * older visits' deletions (tombstones) on the server; they are not generated here.
 */
export function generateRetained(scale = 1): Generated {
  const year = generateYear(scale);
  const today = START + 365 * DAY;
  const cutoff = new Date(today - RETAINED_DAYS * DAY).toISOString();
  const accueil: object[] = year.accueil.filter((v) => (v as { arrivedAt: string }).arrivedAt >= cutoff);
  const rand = prng(7);
  for (let day = 0; day < 365; day++) {
    const date = START + day * DAY;
    const weekday = new Date(date).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const perDay = Math.round(APPOINTMENTS_PER_DAY * scale);
    for (let i = 0; i < perDay; i++) {
      const serviceId = SERVICES[i % SERVICES.length]!;
      // 15-minute slots from 08:30 (UTC), one seat each, per service.
      const start = new Date(date + (8.5 * 3600 + Math.floor(i / SERVICES.length) * 900) * 1000).toISOString();
      const end = new Date(Date.parse(start) + 900_000).toISOString();
      const booked = new Date(date - 7 * DAY).toISOString();
      accueil.push({
        _id: appointmentId(serviceId, start, 1), type: 'appointment', v: 1, serviceId, site: i % 3 === 0 ? 'curial' : 'hdv',
        start, end, seat: 1, person: { name: `Personne ${day}-${i}`, phone: '04 79 00 00 00' }, reason: 'Dossier',
        status: date < today ? (rand() < 0.9 ? 'arrived' : 'no-show') : 'booked', code: datedCode(start, rand),
        createdBy: 'desk-gen', updatedAt: booked, updatedBy: 'desk-gen', fieldGen: {}
      });
    }
  }
  const planning: object[] = [];
  for (let day = 0; day < DAYS_AHEAD; day++) {
    const date = today + day * DAY;
    const weekday = new Date(date).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let room = 0; room < Math.round(40 * scale); room++) {
      if (rand() < 0.5) continue;
      const site = room < 20 ? 'curial' : 'hdv';
      const s = new Date(date + (7 + Math.floor(rand() * 9)) * 3600_000).toISOString();
      planning.push({
        _id: `meeting:${site}:${s}:r${room}`, type: 'meeting', v: 1, site, roomId: `room:${site}:salle-${room}`,
        title: `Réunion ${room}`, organiser: 'Direction générale', start: s,
        end: new Date(Date.parse(s) + 3600_000).toISOString(), source: 'ics'
      });
    }
  }
  check({ accueil, planning });
  return { accueil, planning };
}

/** The bench measures valid documents: a sample of each kind must pass the app's schemas. */
function check(g: Generated): void {
  const seen = new Map<string, number>();
  for (const [db, list] of Object.entries(g) as ['accueil' | 'planning', object[]][]) {
    for (const d of list) {
      const type = (d as { type: string }).type;
      if ((seen.get(type) ?? 0) >= 50) continue;
      seen.set(type, (seen.get(type) ?? 0) + 1);
      const r = parseDocument(db, d);
      if (!r.ok) throw new Error(`generated ${type} is invalid: ${r.reason}`);
    }
  }
}
