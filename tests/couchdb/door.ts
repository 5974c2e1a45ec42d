// The security cases' CouchDB-mode target (tests/integration/security/*.cases.ts): the door of
// `startProduction` in front of the run's CouchDB, blank, with our setup and the demo.
import { CouchClient } from '../../sync-server/src/couch-client';
import { memoryLogger } from '../../sync-server/src/log';
import { startProduction } from '../../sync-server/src/production';
import { tempDir } from '../integration/server/helpers';
import { type Door, fakeWebRoot, TRUSTED_PROXY } from '../integration/security/doors';
import { blankCouch } from './helpers';

export async function startCouchDbDoor(): Promise<Door> {
  const couch = await blankCouch();
  const log = memoryLogger();
  const client = new CouchClient(couch.url, couch.admin);
  const started = await startProduction({ client, webRoot: fakeWebRoot(), webPort: 0, host: '127.0.0.1', demo: true, log, workers: false, dataDir: tempDir('accueil-door-state-'), trustedProxies: [TRUSTED_PROXY] });
  const url = `${started.webUrl}/db`;
  return {
    mode: 'couchdb',
    url,
    webDbUrl: url,
    api: started.webUrl,
    admin: couch.admin,
    engine: client,
    logs: log.lines,
    // The run's CouchDB stays up for the next file (which resets it).
    stop: () => started.close()
  };
}
