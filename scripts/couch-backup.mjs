// `npm run backup -- DIR` / `npm run restore -- DIR`: every database of the app on Apache CouchDB
// (COUCHDB_URL with admin credentials; a cluster's first URL is enough), one file per database,
// with IBM's well-kept @cloudant/couchbackup. The backup holds personal data and the device
// accounts' password hashes (`_users`): keep it where only the IT team can read it.
//
// Restore goes into databases that do not exist yet (a blank CouchDB, or after deleting them);
// run `npm run setup` after it: `_security` objects are not in the backup, setup writes them.
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import couchbackup from '@cloudant/couchbackup';

/** What is backed up: the app's databases and the device accounts. `sync_server` (the workers' lease) is rebuilt by itself. */
export const BACKUP_DBS = ['accueil', 'planning', 'referentiel', 'borne', 'device_enrolment', '_users'];
// Kiosk check-ins carry their signature as an attachment (couchbackup says its attachment support is "as-is").
const OPTIONS = { attachments: true, parallelism: 2 };

const firstUrl = (value) => {
  if (!value) throw new Error('COUCHDB_URL is not set (http://admin:password@host:5984)');
  const u = new URL(value.split(',')[0].trim());
  if (process.env.COUCHDB_USER) {
    u.username = encodeURIComponent(process.env.COUCHDB_USER);
    u.password = encodeURIComponent(process.env.COUCHDB_PASSWORD ?? '');
  }
  return u.toString().replace(/\/+$/, '');
};
const dbUrl = (base, db) => `${base}/${encodeURIComponent(db)}`;
const fileOf = (dir, db) => join(dir, `${db.replace(/^_/, 'system-')}.jsonl`);

function once(fn) {
  return new Promise((resolve, reject) => fn((err, out) => (err ? reject(err) : resolve(out))));
}

export async function backupAll(couchUrl, dir, log = console.log) {
  mkdirSync(dir, { recursive: true });
  for (const db of BACKUP_DBS) {
    const out = createWriteStream(fileOf(dir, db));
    const total = await once((cb) => couchbackup.backup(dbUrl(couchUrl, db), out, OPTIONS, cb));
    await new Promise((r) => out.end(r));
    log(`backup: ${db}: ${total?.total ?? total} document(s) -> ${fileOf(dir, db)}`);
  }
}

export async function restoreAll(couchUrl, dir, log = console.log) {
  for (const db of BACKUP_DBS) {
    const file = fileOf(dir, db);
    if (!existsSync(file)) throw new Error(`restore: no ${file}`);
    // couchbackup restores into an existing, empty database.
    const res = await fetch(dbUrl(couchUrl, db).replace(/\/\/[^@]*@/, '//'), { method: 'PUT', headers: { Authorization: authOf(couchUrl) } });
    if (res.status !== 201 && res.status !== 202 && res.status !== 412) throw new Error(`restore: PUT /${db} -> ${res.status}`);
    const total = await once((cb) => couchbackup.restore(createReadStream(file), dbUrl(couchUrl, db), OPTIONS, cb));
    log(`restore: ${db}: ${total?.total ?? total} document(s) from ${file}`);
  }
  log('restore: done; now run "npm run setup" (security objects, design documents)');
}

function authOf(url) {
  const u = new URL(url);
  return `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dir] = process.argv.slice(2);
  const run = cmd === 'backup' ? backupAll : cmd === 'restore' ? restoreAll : undefined;
  if (!run || !dir) {
    console.error('usage: node scripts/couch-backup.mjs backup|restore DIR   (COUCHDB_URL=http://admin:pw@host:5984)');
    process.exit(2);
  }
  run(firstUrl(process.env.COUCHDB_URL), dir).catch((err) => {
    console.error(`${cmd} failed: ${err?.message ?? err}`);
    process.exit(1);
  });
}
