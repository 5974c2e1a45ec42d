import type { CouchClient } from '../couch-client';
import type { Logger } from '../log';
import type { DevicesService } from '../services/devices';
import { DEMO_ADVISERS, DEMO_PIN } from './demo-advisers';
import { DEMO_ROOMS, demoMeetings } from './demo-planning';
import { DEMO_CHECKLISTS } from './demo-checklists';
import { DEMO_EQUIPMENT, demoLoans } from './demo-equipment';
import { DEMO_SERVICES, DEMO_SITES } from './demo-reference';

import { DEMO_DEVICES } from './demo-devices';

export { DEMO_DEVICES };

/** Every demo document, by database. `now` fixes "today" for the meetings. */
export function demoDocuments(now = new Date()) {
  return {
    referentiel: [...DEMO_SITES, ...DEMO_SERVICES, ...DEMO_CHECKLISTS],
    planning: [...DEMO_ROOMS, ...demoMeetings(now)],
    accueil: [...DEMO_ADVISERS, ...DEMO_EQUIPMENT, ...demoLoans(now)]
  };
}

/** True when no app data exists yet (design documents aside): the demo may be loaded. */
export async function isEmpty(client: CouchClient): Promise<boolean> {
  for (const db of ['referentiel', 'planning', 'accueil']) {
    const res = await client.get<{ rows: { id: string }[] }>(`/${db}/_all_docs?limit=5`);
    if (res.rows.some((r) => !r.id.startsWith('_design/'))) return false;
  }
  return true;
}

/**
 * Loads the demo: sites, services, rooms, today's meetings, equipment and loans, and the demo devices. Written as
 * the server admin, so every document goes through the structure ddoc like any other write.
 */
export async function loadDemo(client: CouchClient, devices: DevicesService, log: Logger, now = new Date()): Promise<void> {
  for (const [db, docs] of Object.entries(demoDocuments(now))) {
    const results = await client.post<{ id: string; error?: string; reason?: string }[]>(`/${db}/_bulk_docs`, { docs });
    const failed = results.filter((r) => r.error && r.error !== 'conflict');
    if (failed.length) throw new Error(`demo data refused in ${db}: ${failed.map((f) => `${f.id}: ${f.reason}`).join('; ')}`);
  }
  const existing = new Set((await devices.list()).map((d) => d.name));
  await Promise.all(
    DEMO_DEVICES.filter((d) => !existing.has(d.name)).map((d) => devices.create({ name: d.name, password: d.password, role: d.role, site: d.site, label: d.label }))
  );
  log.info(`demo: loaded ${DEMO_SITES.length} sites, ${DEMO_SERVICES.length} services, ${DEMO_ROOMS.length} rooms, today's meetings, equipment and loans, ${DEMO_ADVISERS.length} advisers (PIN ${DEMO_PIN}) and ${DEMO_DEVICES.length} device accounts`);
}
