import { roleMatrix } from '../integration/security/role-matrix.cases';
import { startCouchDbDoor } from './door';

// The same cases as tests/integration/security/role-matrix.test.ts, on the door in front of the run's CouchDB.
roleMatrix('couchdb', startCouchDbDoor);
