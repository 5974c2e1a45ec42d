import type { AppointmentSettings } from '../../../src/lib/domain/appointment';
import type { SiteDoc, ServiceDoc } from '../../../src/lib/domain/reference';

const weekdays = (open: string, close: string, breakStart: string, breakEnd: string) =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open, close, breakStart, breakEnd }));

/** The two reception desks, with their public opening hours (Europe/Paris). */
export const DEMO_SITES: SiteDoc[] = [
  {
    _id: 'site:curial',
    type: 'site',
    v: 1,
    code: 'curial',
    name: 'Curial',
    address: 'Centre administratif Curial, Place du Forum, 73000 Chambéry',
    timeZone: 'Europe/Paris',
    openingHours: weekdays('08:00', '17:30', '12:30', '13:30'),
    vigipirateLevel: 'urgence-attentat'
  },
  {
    _id: 'site:hdv',
    type: 'site',
    v: 1,
    code: 'hdv',
    name: 'Hôtel de Ville',
    address: "Hôtel de Ville, Place de l'Hôtel de Ville, 73000 Chambéry",
    timeZone: 'Europe/Paris',
    openingHours: weekdays('08:30', '17:30', '12:00', '13:30'),
    vigipirateLevel: 'urgence-attentat'
  }
];

type ServiceSeed = Omit<ServiceDoc, '_id' | 'type' | 'v'> & { slug: string };

// Demo numbers in the 04 79 00 xx xx range: plausible, and nobody's real line.
const SEEDS: ServiceSeed[] = [
  { slug: 'etat-civil', name: 'État civil', site: 'hdv', location: 'Rez-de-chaussée, guichets 1 à 3', phone: '04 79 00 10 01',
    reasons: ['Acte de naissance', 'Acte de mariage', 'Reconnaissance anticipée', 'Déclaration de décès', 'Livret de famille', 'Changement de prénom'],
    reasonsEn: ['Birth certificate', 'Marriage certificate', 'Prenatal acknowledgement of paternity', 'Registering a death', 'Family record book', 'Change of first name'],
    keywords: ['naissance', 'mariage', 'décès', 'PACS', 'livret de famille', 'acte'] },
  { slug: 'titres-identite', name: "Population – titres d'identité", site: 'curial', location: 'Rez-de-chaussée, hall B, boxes 1 à 4', phone: '04 79 00 10 02',
    reasons: ["Carte d'identité (rendez-vous)", 'Passeport (rendez-vous)', "Retrait d'un titre", "Perte ou vol d'un titre"],
    reasonsEn: ['Identity card (by appointment)', 'Passport (by appointment)', 'Collecting an identity document', 'Lost or stolen identity document'],
    keywords: ['CNI', 'passeport', "carte d'identité", 'rendez-vous', 'retrait'] },
  { slug: 'elections', name: 'Élections', site: 'hdv', location: '1er étage, bureau 104', phone: '04 79 00 10 03',
    reasons: ['Inscription sur les listes électorales', 'Procuration', "Changement d'adresse", 'Carte électorale'],
    reasonsEn: ['Registering to vote', 'Proxy vote', 'Change of address', 'Voter card'],
    keywords: ['vote', 'procuration', 'liste électorale', 'scrutin'] },
  { slug: 'urbanisme', name: 'Urbanisme', site: 'curial', location: '2e étage, accueil urbanisme', phone: '04 79 00 10 04',
    reasons: ['Permis de construire', 'Déclaration préalable de travaux', 'Consultation du PLU', "Certificat d'urbanisme", 'Rendez-vous avec un instructeur'],
    reasonsEn: ['Building permit', 'Prior declaration of works', 'Consulting the local plan', 'Planning certificate', 'Appointment with a planning officer'],
    keywords: ['permis', 'travaux', 'PLU', 'cadastre', 'façade'] },
  { slug: 'services-techniques', name: 'Services techniques', site: 'curial', location: '3e étage, guichet unique technique', phone: '04 79 00 10 05',
    reasons: ['Signalement voirie', 'Éclairage public', 'Propreté, dépôt sauvage', 'Occupation du domaine public', 'Arrêté de circulation'],
    reasonsEn: ['Reporting a road problem', 'Street lighting', 'Cleanliness, fly-tipping', 'Use of public space', 'Traffic order'],
    keywords: ['voirie', 'nid de poule', 'éclairage', 'encombrants', 'chantier'] },
  { slug: 'ccas', name: "CCAS – Centre communal d'action sociale", site: 'curial', location: 'Rez-de-chaussée, aile est', phone: '04 79 00 10 06',
    reasons: ['Aide sociale', 'Domiciliation', 'Portage de repas', 'Aide aux seniors', 'Rendez-vous travailleur social'],
    reasonsEn: ['Social assistance', 'Postal address for the homeless', 'Meals on wheels', 'Help for older people', 'Appointment with a social worker'],
    keywords: ['social', 'aide', 'seniors', 'domiciliation', 'RSA'] },
  { slug: 'affaires-scolaires', name: 'Affaires scolaires', site: 'curial', location: '1er étage, bureau 112', phone: '04 79 00 10 07',
    reasons: ['Inscription scolaire', 'Cantine et périscolaire', 'Dérogation de secteur', 'Facture périscolaire'],
    reasonsEn: ['School enrolment', 'School canteen and after-school care', 'School catchment exemption', 'After-school care invoice'],
    keywords: ['école', 'cantine', 'périscolaire', 'inscription'] },
  { slug: 'cimetieres', name: 'Cimetières', site: 'hdv', location: 'Rez-de-chaussée, bureau 8', phone: '04 79 00 10 08',
    reasons: ['Concession funéraire', 'Renouvellement de concession', 'Inhumation', "Recherche d'une sépulture"],
    reasonsEn: ['Burial plot', 'Renewing a burial plot', 'Burial', 'Finding a grave'],
    keywords: ['concession', 'obsèques', 'tombe', 'funéraire'] },
  { slug: 'police-municipale', name: 'Police municipale', site: 'hdv', location: 'Annexe, entrée côté cour', phone: '04 79 00 10 09',
    reasons: ['Objets trouvés', 'Opération tranquillité vacances', 'Stationnement, fourrière', 'Déclaration de chien catégorisé'],
    reasonsEn: ['Lost property', 'Holiday home watch', 'Parking, car pound', 'Registering a restricted dog breed'],
    keywords: ['objets trouvés', 'fourrière', 'stationnement', 'vacances'] },
  { slug: 'regie', name: 'Régie – paiements', site: 'curial', location: 'Rez-de-chaussée, caisse', phone: '04 79 00 10 10',
    reasons: ["Paiement d'une facture", 'Régie cantine', 'Droits de place', 'Reçu de paiement'],
    reasonsEn: ['Paying an invoice', 'Canteen payments', 'Market pitch fees', 'Payment receipt'],
    keywords: ['payer', 'facture', 'caisse', 'régie'] },
  { slug: 'culture', name: 'Culture', site: 'hdv', location: '2e étage, bureau 210', phone: '04 79 00 10 11',
    reasons: ['Subvention associative culturelle', 'Réservation de salle culturelle', 'Prêt de matériel événementiel'],
    reasonsEn: ['Grant for a cultural association', 'Booking a cultural venue', 'Borrowing event equipment'],
    keywords: ['association', 'spectacle', 'festival', 'subvention'] },
  { slug: 'sports', name: 'Sports', site: 'curial', location: '2e étage, bureau 215', phone: '04 79 00 10 12',
    reasons: ["Réservation d'un équipement sportif", 'Subvention aux clubs', 'École municipale des sports'],
    reasonsEn: ['Booking a sports facility', 'Grants to sports clubs', 'Municipal sports school'],
    keywords: ['gymnase', 'piscine', 'club', 'stade'] },
  { slug: 'cabinet-du-maire', name: 'Cabinet du maire', site: 'hdv', location: '1er étage, aile nord', phone: '04 79 00 10 13',
    reasons: ['Demande de rendez-vous avec un élu', 'Courrier au maire', 'Invitation, protocole'],
    reasonsEn: ['Appointment with an elected official', 'Letter to the mayor', 'Invitations, protocol'],
    keywords: ['maire', 'élu', 'adjoint', 'protocole'] }
];

const weekdayHours = (days: number[], ...ranges: [string, string][]) =>
  days.flatMap((weekday) => ranges.map(([start, end]) => ({ weekday, start, end })));

/** The services that take appointments at the desks (Europe/Paris wall-clock hours). */
const DEMO_APPOINTMENTS: Record<string, AppointmentSettings> = {
  'titres-identite': {
    slotMinutes: 20, capacity: 3, horizonDays: 60, closedDays: [],
    hours: weekdayHours([1, 2, 3, 4, 5], ['08:30', '12:00'], ['13:30', '17:00']),
    bring: ['Numéro de pré-demande en ligne (ANTS)', "Photo d'identité de moins de 6 mois", 'Justificatif de domicile de moins d’un an', 'Ancien titre, ou déclaration de perte ou de vol']
  },
  'etat-civil': {
    slotMinutes: 30, capacity: 2, horizonDays: 45, closedDays: [],
    hours: weekdayHours([1, 2, 4], ['09:00', '12:00'], ['14:00', '16:30']),
    bring: ["Pièce d'identité", 'Livret de famille, le cas échéant']
  },
  urbanisme: {
    slotMinutes: 45, capacity: 1, horizonDays: 30, closedDays: [],
    hours: weekdayHours([2, 4], ['09:00', '12:00'], ['14:00', '17:00']),
    bring: ['Plans et photos du projet', 'Références cadastrales de la parcelle']
  },
  ccas: {
    slotMinutes: 30, capacity: 1, horizonDays: 30, closedDays: [],
    hours: weekdayHours([1, 3, 5], ['09:00', '12:00']),
    bring: ["Pièce d'identité", 'Derniers justificatifs de ressources', "Avis d'imposition"]
  }
};

/** About a dozen municipal services, with where they are and what people come for. */
export const DEMO_SERVICES: ServiceDoc[] = SEEDS.map(({ slug, ...s }) => ({
  _id: `service:${slug}`, type: 'service', v: 1, ...s, ...(DEMO_APPOINTMENTS[slug] ? { appointments: DEMO_APPOINTMENTS[slug] } : {})
}));
