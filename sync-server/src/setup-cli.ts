/**
 * `npm run setup`: brings an Apache CouchDB 3 to the app's layout (databases, `_security`,
 * design documents), idempotently. COUCHDB_URL carries the admin credentials
 * (http://admin:pw@host:5984) or COUCHDB_USER / COUCHDB_PASSWORD give them.
 * `--demo` or `DEMO=1` also loads the demo data and accounts when the databases are empty.
 * `--no-design-docs` leaves the design documents out (before a migration: they come by replication).
 */
import { consoleLogger } from './log';
import { couchClientFromEnv } from './production';
import { DevicesService } from './services/devices';
import { EnrolmentCodes } from './services/enrolment-codes';
import { isEmpty, loadDemo } from './setup/demo';
import { demoRequested } from './setup/demo-flag';
import { runSetup } from './setup/setup';

const log = consoleLogger('setup');

async function main(): Promise<void> {
  const client = couchClientFromEnv(process.env);
  log.info(`setting up ${client.baseUrl}`);
  await runSetup(client, log, { designDocs: !process.argv.includes('--no-design-docs') });
  if (demoRequested(process.argv, process.env) && (await isEmpty(client))) {
    await loadDemo(client, new DevicesService(client, new EnrolmentCodes(client)), log);
  }
  log.info('setup done');
}

main().catch((err: unknown) => {
  log.error(`setup failed: ${(err as Error)?.message ?? String(err)}`);
  process.exit(1);
});
