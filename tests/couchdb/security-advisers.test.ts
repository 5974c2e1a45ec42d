import { advisersAndShifts } from '../integration/security/advisers.cases';
import { startCouchDbDoor } from './door';

// The same cases as tests/integration/security/advisers.test.ts, on the door in front of the run's CouchDB.
advisersAndShifts('couchdb', startCouchDbDoor);
