import { startEmbeddedDoor } from './doors';
import { loginsAndSessions } from './sessions-throttle.cases';

// The embedded door here; the CouchDB-mode door runs the same cases in the couchdb layer (tests/couchdb/security-sessions-throttle.test.ts).
loginsAndSessions('embedded', startEmbeddedDoor);
