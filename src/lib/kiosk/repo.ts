import { z } from 'zod';
import type { LocalStore } from '$lib/db/store';
import { checkinDoc, type CheckinDoc } from '$lib/domain/checkin';
import type { SiteCode } from '$lib/domain/common';

export const checkinForm = z.object({
  visitorName: z.string().trim().min(1, 'Indiquez votre nom. / Please enter your name.').max(120),
  reason: z.string().trim().min(1, 'Choisissez un motif. / Please choose a reason.').max(200)
});

/**
 * Records a self check-in on the kiosk. It goes to the kiosk's inbox database, which is only
 * ever pushed to the server: the kiosk never reads visitors back.
 */
export async function createCheckin(store: LocalStore, site: SiteCode, kiosk: string, input: z.input<typeof checkinForm>, now = new Date()): Promise<CheckinDoc> {
  const f = checkinForm.parse(input);
  const at = now.toISOString();
  const doc = checkinDoc.parse({
    _id: `checkin:${site}:${at}:${crypto.randomUUID().slice(0, 8)}`,
    type: 'checkin',
    v: 1,
    site,
    visitorName: f.visitorName,
    reason: f.reason,
    createdAt: at,
    kiosk
  });
  await store.put('borne', doc);
  return doc;
}
