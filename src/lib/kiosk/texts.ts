/** The kiosk speaks French first, English second: every visitor-facing text in both. */
export type KioskLanguage = 'fr' | 'en';

export const KIOSK_TEXTS = {
  fr: {
    welcome: 'Bienvenue',
    subtitle: 'Enregistrez votre arrivée',
    other: 'English',
    otherLang: 'en',
    withAppointment: "J'ai un rendez-vous",
    withoutAppointment: "Je n'ai pas de rendez-vous",
    chooseReason: 'Quel est le motif de votre visite ?',
    otherReason: 'Autre demande',
    yourName: 'Votre nom',
    nameError: 'Indiquez votre nom.',
    reasonError: 'Choisissez un motif.',
    next: 'Continuer',
    back: 'Retour',
    privacyTitle: 'Vos données',
    privacy:
      "La Ville de Chambéry enregistre votre nom, l'heure de votre passage et le service consulté pour la sécurité du bâtiment (plan Vigipirate) et pour vous recevoir. Ces informations sont réservées aux agents d'accueil et effacées au bout de trois mois. Vous pouvez exercer vos droits auprès du délégué à la protection des données de la Ville.",
    signHere: 'Signez dans le cadre pour confirmer',
    signHint: 'Avec le doigt ou le stylet.',
    signError: 'Merci de signer dans le cadre.',
    clearSignature: 'Effacer',
    confirm: 'Valider mon arrivée',
    thanks: 'Merci, votre arrivée est enregistrée.',
    yourNumber: 'Votre numéro',
    wait: 'Un agent va vous appeler. Vous pouvez vous asseoir.',
    offlineNote: "La borne est hors ligne : votre arrivée sera transmise à l'accueil dès le retour du réseau.",
    failed: "Votre arrivée n'a pas pu être enregistrée. Adressez-vous à l'accueil.",
    restart: 'Terminer'
  },
  en: {
    welcome: 'Welcome',
    subtitle: 'Check in here',
    other: 'Français',
    otherLang: 'fr',
    withAppointment: 'I have an appointment',
    withoutAppointment: 'I have no appointment',
    chooseReason: 'What is the reason for your visit?',
    otherReason: 'Something else',
    yourName: 'Your name',
    nameError: 'Please enter your name.',
    reasonError: 'Please choose a reason.',
    next: 'Continue',
    back: 'Back',
    privacyTitle: 'Your data',
    privacy:
      'The City of Chambéry records your name, the time of your visit and the service you came for, for building security and to receive you. Only reception staff can see it, and it is deleted after three months. You may exercise your rights with the City’s data protection officer.',
    signHere: 'Sign in the box to confirm',
    signHint: 'With your finger or the stylus.',
    signError: 'Please sign in the box.',
    clearSignature: 'Clear',
    confirm: 'Confirm my arrival',
    thanks: 'Thank you, your arrival is recorded.',
    yourNumber: 'Your number',
    wait: 'A member of staff will call you. Please take a seat.',
    offlineNote: 'The kiosk is offline: your arrival will reach the desk as soon as the network is back.',
    failed: 'Your arrival could not be recorded. Please ask at the desk.',
    restart: 'Done'
  }
} as const satisfies Record<KioskLanguage, Record<string, string>>;
