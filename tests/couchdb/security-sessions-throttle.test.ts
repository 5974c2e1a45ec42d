import { loginsAndSessions } from '../integration/security/sessions-throttle.cases';
import { startCouchDbDoor } from './door';

// The same cases as tests/integration/security/sessions-throttle.test.ts, on the door in front of the run's CouchDB.
loginsAndSessions('couchdb', startCouchDbDoor);
