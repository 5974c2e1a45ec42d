import { securityFindings } from '../integration/security/findings.cases';
import { startCouchDbDoor } from './door';

// The same cases as tests/integration/security/findings.test.ts, on the door in front of the run's CouchDB.
securityFindings('couchdb', startCouchDbDoor);
