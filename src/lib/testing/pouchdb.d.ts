// The full Node build of PouchDB (core + replication + map/reduce) has no typings of its own;
// tests use it because `pouchdb-replication` is not a separate dependency here and
// `pouchdb-browser` needs a real browser. Its API is the one @types/pouchdb-* describe.
/// <reference types="pouchdb-core" />
/// <reference types="pouchdb-replication" />
/// <reference types="pouchdb-mapreduce" />
declare module 'pouchdb' {
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}
