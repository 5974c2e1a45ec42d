import { expect, inject } from 'vitest';
import { CouchClient } from '../../sync-server/src/couch-client';
import { memoryLogger } from '../../sync-server/src/log';
import { DevicesService } from '../../sync-server/src/services/devices';
import { EnrolmentCodes } from '../../sync-server/src/services/enrolment-codes';
import { loadDemo } from '../../sync-server/src/setup/demo';
import { runSetup } from '../../sync-server/src/setup/setup';
import { type CouchInstance, adminUrl, sharedCouchDB } from '../support/couchdb';
import { call } from '../integration/server/helpers';

export { call };

/** The run's CouchDB, blank. */
export const blankCouch = (): Promise<CouchInstance> => sharedCouchDB(inject('couchdbStateDir'));

/** The run's CouchDB with our setup and the demo (data and device accounts), as production.ts does it. */
export async function couchWithDemo(): Promise<CouchInstance & { client: CouchClient; logs: string[] }> {
  const couch = await blankCouch();
  const client = new CouchClient(adminUrl(couch));
  const log = memoryLogger();
  await runSetup(client, log);
  await loadDemo(client, new DevicesService(client, new EnrolmentCodes(client)), log);
  return { ...couch, client, logs: log.lines };
}

/** A scratch database without design documents; `members` become its `_security` member names. */
export async function scratchDb(couch: CouchInstance, name: string, members: string[] = []): Promise<void> {
  expect((await call(couch.url, 'PUT', `/${name}`, { as: couch.admin })).status).toBe(201);
  const security = { members: { names: members, roles: [] }, admins: { names: [], roles: [] } };
  expect((await call(couch.url, 'PUT', `/${name}/_security`, { as: couch.admin, body: security })).status).toBe(200);
}
