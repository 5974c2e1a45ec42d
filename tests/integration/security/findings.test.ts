import { startEmbeddedDoor } from './doors';
import { securityFindings } from './findings.cases';

// The embedded door here; the CouchDB-mode door runs the same cases in the couchdb layer (tests/couchdb/security-findings.test.ts).
securityFindings('embedded', startEmbeddedDoor);
