import type { ChecklistDoc } from '../../../src/lib/domain/receipt';

const UPDATED_AT = '2025-01-06T08:00:00.000Z';
const checklist = (slug: string, name: string, items: [string, boolean][], notes?: string): ChecklistDoc => ({
  _id: `checklist:${slug}`,
  type: 'checklist',
  v: 1,
  name,
  items: items.map(([label, required]) => ({ label, required })),
  ...(notes ? { notes } : {}),
  updatedAt: UPDATED_AT,
  updatedBy: 'coordinator'
});

/** Demo completeness checklists of the procedures most often deposited at the desks. */
export const DEMO_CHECKLISTS: ChecklistDoc[] = [
  checklist('carte-identite', "Carte nationale d'identité", [
    ['Numéro de pré-demande en ligne (ANTS)', true],
    ["Photo d'identité de moins de 6 mois", true],
    ['Justificatif de domicile de moins d’un an', true],
    ['Ancienne carte d’identité', false],
    ['Timbre fiscal (en cas de perte ou de vol)', false]
  ], 'Dépôt sur rendez-vous, en présence du demandeur (empreintes).'),
  checklist('passeport', 'Passeport', [
    ['Numéro de pré-demande en ligne (ANTS)', true],
    ["Photo d'identité de moins de 6 mois", true],
    ['Justificatif de domicile de moins d’un an', true],
    ['Timbre fiscal', true],
    ['Ancien passeport', false]
  ]),
  checklist('listes-electorales', 'Inscription sur les listes électorales', [
    ['Formulaire Cerfa n° 12669', true],
    ["Pièce d'identité en cours de validité", true],
    ['Justificatif de domicile de moins de 3 mois', true]
  ]),
  checklist('inscription-scolaire', 'Inscription scolaire', [
    ["Fiche d'inscription complétée", true],
    ['Livret de famille ou acte de naissance de l’enfant', true],
    ['Justificatif de domicile de moins de 3 mois', true],
    ['Carnet de santé (vaccinations)', true],
    ['Certificat de radiation (changement d’école)', false]
  ]),
  checklist('permis-construire', 'Permis de construire', [
    ['Formulaire Cerfa n° 13406 ou 13409', true],
    ['Plan de situation du terrain (PCMI 1)', true],
    ['Plan de masse (PCMI 2)', true],
    ['Plan en coupe (PCMI 3)', true],
    ['Notice descriptive (PCMI 4)', true],
    ['Plans des façades et des toitures (PCMI 5)', true],
    ['Document graphique d’insertion (PCMI 6)', false],
    ['Photographies de l’environnement (PCMI 7 et 8)', false]
  ], 'Dossier déposé en quatre exemplaires.')
];
