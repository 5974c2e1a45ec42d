import type { MeetingDoc, RoomDoc } from '../../../src/lib/domain/planning';
import type { SiteCode } from '../../../src/lib/domain/common';
import { parisDay, parisInstant } from './paris-time';

const room = (site: SiteCode, slug: string, name: string, floor: string, capacity: number, equipment: string[], directions: string): RoomDoc => ({
  _id: `room:${site}:${slug}`,
  type: 'room',
  v: 1,
  site,
  name,
  floor,
  capacity,
  equipment,
  directions
});

/** Four meeting rooms per building. */
export const DEMO_ROOMS: RoomDoc[] = [
  room('curial', 'salle-du-forum', 'Salle du Forum', 'Rez-de-chaussée', 60, ['Vidéoprojecteur', 'Sonorisation'], "Hall d'entrée, porte de droite"),
  room('curial', 'salle-lac-du-bourget', 'Salle Lac du Bourget', '2e étage', 14, ['Écran', 'Visioconférence'], 'Ascenseur A, à gauche en sortant'),
  room('curial', 'salle-des-bauges', 'Salle des Bauges', '2e étage', 10, ['Tableau blanc'], 'Ascenseur A, fond du couloir'),
  room('curial', 'salle-de-chartreuse', 'Salle de Chartreuse', '3e étage', 24, ['Vidéoprojecteur', 'Visioconférence'], 'Ascenseur B, face au palier'),
  room('hdv', 'salle-du-conseil', 'Salle du conseil', '1er étage', 80, ['Sonorisation', 'Vote électronique', 'Captation vidéo'], "Escalier d'honneur, première porte à gauche"),
  room('hdv', 'salle-des-mariages', 'Salle des mariages', 'Rez-de-chaussée', 60, ['Sonorisation'], 'Depuis le hall, porte vitrée au fond'),
  room('hdv', 'salon-d-honneur', "Salon d'honneur", '1er étage', 120, ['Sonorisation', 'Pupitre'], "Escalier d'honneur, en face"),
  room('hdv', 'salle-des-commissions', 'Salle des commissions', '2e étage', 16, ['Écran', 'Visioconférence'], 'Ascenseur, deuxième porte à droite')
];

const MEETINGS: { site: SiteCode; room: string; slug: string; title: string; organiser: string; start: string; end: string; attendees?: number }[] = [
  { site: 'curial', room: 'salle-des-bauges', slug: 'equipe-accueil', title: "Réunion d'équipe de l'accueil", organiser: 'Accueil', start: '09:30', end: '10:30', attendees: 8 },
  { site: 'curial', room: 'salle-lac-du-bourget', slug: 'conciliateur', title: 'Permanence du conciliateur de justice', organiser: 'Accès au droit', start: '10:00', end: '12:00' },
  { site: 'curial', room: 'salle-de-chartreuse', slug: 'commission-urbanisme', title: 'Commission urbanisme', organiser: 'Urbanisme', start: '14:00', end: '16:00', attendees: 18 },
  { site: 'hdv', room: 'salle-des-mariages', slug: 'mariage', title: 'Célébration de mariage', organiser: 'État civil', start: '11:00', end: '11:45', attendees: 50 },
  { site: 'hdv', room: 'salle-des-commissions', slug: 'commission-finances', title: 'Commission des finances', organiser: 'Direction des finances', start: '14:30', end: '16:00', attendees: 12 },
  { site: 'hdv', room: 'salle-du-conseil', slug: 'conseil-municipal', title: 'Conseil municipal', organiser: 'Cabinet du maire', start: '18:00', end: '21:00', attendees: 70 }
];

/** Today's meetings (Paris day of `now`), so the hallway displays have something to show. */
export function demoMeetings(now = new Date()): MeetingDoc[] {
  const day = parisDay(now);
  return MEETINGS.map((m) => {
    const start = parisInstant(day, m.start);
    return {
      _id: `meeting:${m.site}:${start}:${m.slug}`,
      type: 'meeting',
      v: 1,
      site: m.site,
      roomId: `room:${m.site}:${m.room}`,
      title: m.title,
      organiser: m.organiser,
      start,
      end: parisInstant(day, m.end),
      ...(m.attendees !== undefined ? { expectedAttendees: m.attendees } : {}),
      source: 'manual'
    };
  });
}
