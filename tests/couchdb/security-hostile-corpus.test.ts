import { hostileCorpus } from '../integration/security/hostile-corpus.cases';
import { startCouchDbDoor } from './door';

// The same cases as tests/integration/security/hostile-corpus.test.ts, on the door in front of the run's CouchDB.
hostileCorpus('couchdb', startCouchDbDoor);
