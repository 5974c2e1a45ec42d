import { z } from 'zod';
import type { LocalStore } from '$lib/db/store';
import { checkinDoc, type CheckinDoc } from '$lib/domain/checkin';
import type { SiteCode } from '$lib/domain/common';
import { CODE_PATTERN } from '$lib/domain/appointment';
import { parisDay } from '$lib/domain/dates';

export const checkinForm = z.object({
  visitorName: z.string().trim().min(1).max(120),
  reason: z.string().trim().min(1).max(200),
  serviceId: z.string().startsWith('service:').optional(),
  language: z.enum(['fr', 'en']).default('fr'),
  /** The appointment's confirmation code, when the visitor has one: the intake marks it arrived. */
  appointmentCode: z.string().regex(CODE_PATTERN).optional(),
  withAppointment: z.boolean().optional(),
  /** The signature drawn on the kiosk, as a PNG data URL; absent when consent is given at the desk. */
  signature: z.string().startsWith('data:image/png;base64,').optional(),
  /** A visitor who cannot sign gives their consent to the adviser instead. */
  consent: z.enum(['signed', 'at-desk']).default('signed')
}).refine((f) => (f.consent === 'signed') === (f.signature !== undefined), { message: 'signature ou accord à l’accueil', path: ['signature'] });
export type CheckinFormInput = z.input<typeof checkinForm>;

/**
 * Records a self check-in on the kiosk, with the visitor's signature as an attachment. It goes
 * to the kiosk's inbox database, which is only ever pushed to the server and emptied once the
 * server has it: the kiosk never reads visitors back and keeps nothing personal.
 */
export async function createCheckin(store: LocalStore, site: SiteCode, kiosk: string, input: CheckinFormInput, now = new Date()): Promise<CheckinDoc> {
  const f = checkinForm.parse(input);
  const at = now.toISOString();
  const ticketNumber = await nextKioskTicket(store, now);
  const doc = checkinDoc.parse({
    _id: `checkin:${site}:${at}:${crypto.randomUUID().slice(0, 8)}`,
    type: 'checkin',
    v: 1,
    site,
    visitorName: f.visitorName,
    reason: f.reason,
    serviceId: f.serviceId,
    language: f.language,
    ...(f.consent === 'at-desk' ? { consent: 'at-desk' } : { consentAt: at }),
    createdAt: at,
    kiosk,
    ticketNumber,
    appointmentCode: f.appointmentCode,
    withAppointment: f.withAppointment,
    ...(f.signature
      ? { _attachments: { 'signature.png': { content_type: 'image/png', data: f.signature.slice('data:image/png;base64,'.length) } } }
      : {})
  });
  await store.put('borne', doc);
  return doc;
}

/**
 * The queue number shown to the visitor at once, offline too: series K and this kiosk's own
 * count of the day, kept on the device (no personal data). The intake worker gives the ticket
 * this number, unless another kiosk of the building already took it.
 */
export async function nextKioskTicket(store: LocalStore, now = new Date()): Promise<string> {
  const key = `kioskTicket:${parisDay(now)}`;
  return store.rm.transaction('rw', store.rm.syncState, async () => {
    const n = Number((await store.rm.syncState.get(key))?.value ?? 0) + 1;
    await store.rm.syncState.put({ key, value: String(n) });
    return `K${((n - 1) % 999) + 1}`;
  });
}
