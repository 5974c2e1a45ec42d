import { startEmbeddedDoor } from './doors';
import { hostileCorpus } from './hostile-corpus.cases';

// The embedded door here; the CouchDB-mode door runs the same cases in the couchdb layer (tests/couchdb/security-hostile-corpus.test.ts).
hostileCorpus('embedded', startEmbeddedDoor);
