import type { DbName } from '../../../src/lib/domain/common';

/** The private database of one-time enrolment codes: server admins only, never replicated. */
export const ENROLMENT_DB = 'device_enrolment';

/**
 * Who may read (and, subject to the authority ddoc, write) each database. CouchDB security is
 * per database, hence the split by audience: displays and kiosks read planning (rooms, meetings,
 * called numbers) but never visitors, a
 * kiosk reads the directory and pushes into its inbox. No device role is a database admin:
 * design documents and `_security` stay with the server admin.
 */
export const SECURITY: Record<DbName, { members: { roles: string[]; names: string[] }; admins: { roles: string[]; names: string[] } }> = {
  accueil: { members: { roles: ['desk', 'coordinator'], names: [] }, admins: { roles: [], names: [] } },
  planning: { members: { roles: ['desk', 'coordinator', 'display', 'kiosk'], names: [] }, admins: { roles: [], names: [] } },
  referentiel: { members: { roles: ['desk', 'coordinator', 'display', 'kiosk'], names: [] }, admins: { roles: [], names: [] } },
  borne: { members: { roles: ['kiosk', 'coordinator'], names: [] }, admins: { roles: [], names: [] } }
};

/** `_admin` as the only member role closes a database to everyone but server admins, in CouchDB too. */
export const ADMIN_ONLY = { members: { roles: ['_admin'], names: [] }, admins: { roles: [], names: [] } };
