import { TIME_ZONE } from '$lib/domain/dates';
import type { IcsNotice } from '$lib/ics/parse';

// The parser's notices in the adviser's words. The parser itself stays in English (logs);
// this is the one place where its findings become French.

const when = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** One sentence per notice, naming the meeting and its first date as the file gives them. */
export function noticeText(notice: IcsNotice): string {
  const what = `« ${notice.title} » (${when.format(new Date(notice.start))})`;
  switch (notice.kind) {
    case 'rule-empty':
      return `${what} : la règle de répétition est vide dans le fichier ; seule cette date est importée. Corrigez la répétition dans l’agenda d’origine.`;
    case 'rule-unreadable':
      return `${what} : la règle de répétition n’a pas pu être lue ; seule cette date est importée. Vérifiez la répétition dans l’agenda d’origine.`;
    case 'rule-too-long':
      return `${what} : la répétition est trop longue à calculer ; des dates peuvent manquer.`;
  }
}
