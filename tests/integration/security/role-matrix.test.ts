import { startEmbeddedDoor } from './doors';
import { roleMatrix } from './role-matrix.cases';

// The embedded door here; the CouchDB-mode door runs the same cases in the couchdb layer (tests/couchdb/security-role-matrix.test.ts).
roleMatrix('embedded', startEmbeddedDoor);
