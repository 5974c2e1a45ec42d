// The visit the purge-disk tests look for on disk after the retention purge (embedded LevelDB
// and CouchDB's files): 120 days old at NOW, its visitor name distinctive and ASCII, so it is
// found only where this visit went.
export const NAME = 'Quatrebarbe-Xylophane';
export const NOW = new Date('2026-11-29T10:00:00.000Z');
const arrivedAt = new Date(NOW.getTime() - 120 * 86_400_000).toISOString();
export const visit = {
  _id: `visit:curial:${arrivedAt}:purge-disk`,
  type: 'visit', v: 1, site: 'curial', visitorName: NAME, reason: 'Renseignement', serviceId: 'service:etat-civil',
  vigipirate: { idChecked: true, doorOpenedBy: 'Agent', doorOpenedAt: arrivedAt },
  arrivedAt, createdBy: 'desk-curial', updatedAt: arrivedAt, updatedBy: 'desk-curial', fieldGen: {}
};
