import { startEmbeddedDoor } from './doors';
import { advisersAndShifts } from './advisers.cases';

// The embedded door here; the CouchDB-mode door runs the same cases in the couchdb layer (tests/couchdb/security-advisers.test.ts).
advisersAndShifts('embedded', startEmbeddedDoor);
