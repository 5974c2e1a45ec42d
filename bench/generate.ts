// One year of generated data at the volumes in ARCHITECTURE.md: ≈900 visits a month at Curial,
// ≈2,100 at the Hôtel de Ville, and a day's board of meetings in 40 rooms on working days.
import { parseDocument } from '../src/lib/domain/documents';

const SERVICES = ['service:etat-civil', 'service:urbanisme', 'service:ccas', 'service:elections', 'service:services-techniques'];

function prng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function generateYear(scale = 1): { accueil: object[]; planning: object[] } {
  const rand = prng(42);
  const accueil: object[] = [];
  const planning: object[] = [];
  const start = Date.UTC(2025, 10, 1);
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
  for (const d of accueil.slice(0, 50)) {
    const r = parseDocument('accueil', d);
    if (!r.ok) throw new Error(`generated visit is invalid: ${r.reason}`);
  }
  return { accueil, planning };
}
