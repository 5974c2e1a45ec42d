// The Node build of PouchDB (LevelDB, HTTP, replication) ships no types; its API is the one
// @types/pouchdb-core describes.
declare module 'pouchdb' {
  const PouchDB: PouchDB.Static;
  export default PouchDB;
}
