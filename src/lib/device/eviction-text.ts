/** What the tablet says when the browser wiped its databases (see `detectEviction`). */
export function evictionText(unsent: number): string {
  const lost =
    unsent === 0
      ? "toutes les modifications avaient été envoyées au serveur, rien n'est perdu"
      : `${unsent} modification${unsent > 1 ? 's' : ''} n'avai${unsent > 1 ? 'ent' : 't'} pas été envoyée${unsent > 1 ? 's' : ''} au serveur et ${unsent > 1 ? 'sont perdues' : 'est perdue'} : ressaisissez-${unsent > 1 ? 'les' : 'la'} si possible`;
  return `Les données locales de cette tablette ont été effacées par le navigateur ; ${lost}. La tablette reprend les données du serveur.`;
}
