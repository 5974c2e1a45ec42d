import type { TestProject } from 'vitest/node';
import { createCouchStateDir, teardownCouchStateDir } from '../support/couchdb';

/** The couchdb layer's global setup: a state folder for the run's shared CouchDB, which the first CouchDB test file starts; stopped here at teardown. */
export default function setup(project: TestProject) {
  const stateDir = createCouchStateDir();
  project.provide('couchdbStateDir', stateDir);
  return () => teardownCouchStateDir(stateDir);
}
