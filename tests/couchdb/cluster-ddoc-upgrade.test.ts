import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../sync-server/src/log';
import { DDOCS_DIR } from '../../sync-server/src/setup/design-docs';
import { runSetup, stagingId } from '../../sync-server/src/setup/setup';
import { call, couchWithDemo } from './helpers';

/**
 * A design document whose views change is upgraded without making a desk wait: the setup builds
 * the new views under a staging id first, so the live one's index is ready when it is written.
 */
describe('design document upgrades without downtime', () => {
  let couch: Awaited<ReturnType<typeof couchWithDemo>>;
  let dir: string;

  beforeAll(async () => {
    couch = await couchWithDemo();
    dir = await mkdtemp(join(tmpdir(), 'accueil-ddocs-'));
    await cp(DDOCS_DIR, dir, { recursive: true });
    // The next version of accueil/_design/conflicts: one view more, over every document.
    await mkdir(join(dir, 'accueil/conflicts/views/by_type'), { recursive: true });
    await writeFile(join(dir, 'accueil/conflicts/views/by_type/map.js'), 'function (doc) {\n  if (doc.type) emit(doc.type, 1);\n}\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds the new views under a staging id, then writes the live design document with its index already built', async () => {
    const log = memoryLogger();
    await runSetup(couch.client, log, { ddocsDir: dir });
    expect(log.lines).toEqual(['INFO setup: built the views of accueil/_design/conflicts under _design/conflicts-staging', 'INFO setup: updated accueil/_design/conflicts']);
    // `update=false`: CouchDB answers from the index as it is, without building: rows mean it was built before.
    const rows = await call(couch.url, 'GET', '/accueil/_design/conflicts/_view/by_type?update=false&limit=1', { as: couch.admin });
    expect(rows.status, rows.text).toBe(200);
    expect(rows.json.rows.length).toBe(1);
    expect((await call(couch.url, 'GET', `/accueil/${stagingId('_design/conflicts')}`, { as: couch.admin })).status).toBe(404);
    // And once written, the next start changes nothing.
    const again = memoryLogger();
    await runSetup(couch.client, again, { ddocsDir: dir });
    expect(again.lines).toEqual([]);
  });

  it('a change of validate_doc_update alone is written at once (one atomic write, no views to build)', async () => {
    const { loadDesignDocs } = await import('../../sync-server/src/setup/design-docs');
    const withVdu = Object.entries(await loadDesignDocs(dir)).flatMap(([db, list]) => list.filter((d) => d.validate_doc_update).map((d) => ({ db, d })))[0]!;
    const file = join(dir, withVdu.db, withVdu.d._id.slice('_design/'.length), 'validate_doc_update.js');
    await writeFile(file, (await readFile(file, 'utf8')).trimEnd() + '\n// next version\n');
    const next = memoryLogger();
    await runSetup(couch.client, next, { ddocsDir: dir });
    expect(next.lines.filter((l) => l.includes(`${withVdu.db}/${withVdu.d._id}`))).toEqual([`INFO setup: updated ${withVdu.db}/${withVdu.d._id}`]);
  });
});
