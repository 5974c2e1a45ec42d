import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the design documents live: one folder per database, one per ddoc, one file per function. */
export const DDOCS_DIR = fileURLToPath(new URL('../../ddocs', import.meta.url));

export interface DesignDoc {
  _id: string;
  _rev?: string;
  language: 'javascript';
  validate_doc_update?: string;
  views?: Record<string, { map: string; reduce?: string }>;
}

const readSource = async (path: string) => (await readFile(path, 'utf8')).trim();

async function subfolders(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Builds one design document from `<dir>/validate_doc_update.js` and `<dir>/views/<name>/{map,reduce}.js`. */
async function loadDesignDoc(name: string, dir: string): Promise<DesignDoc> {
  const ddoc: DesignDoc = { _id: `_design/${name}`, language: 'javascript' };
  const vdu = join(dir, 'validate_doc_update.js');
  if (existsSync(vdu)) ddoc.validate_doc_update = await readSource(vdu);
  const views = await subfolders(join(dir, 'views'));
  if (views.length) {
    ddoc.views = {};
    for (const view of views) {
      const viewDir = join(dir, 'views', view);
      const reduce = join(viewDir, 'reduce.js');
      ddoc.views[view] = {
        map: await readSource(join(viewDir, 'map.js')),
        ...(existsSync(reduce) ? { reduce: await readSource(reduce) } : {})
      };
    }
  }
  return ddoc;
}

/** Every design document of every database, read from `dir` (default: sync-server/ddocs). */
export async function loadDesignDocs(dir = DDOCS_DIR): Promise<Record<string, DesignDoc[]>> {
  const result: Record<string, DesignDoc[]> = {};
  for (const db of await subfolders(dir)) {
    result[db] = await Promise.all((await subfolders(join(dir, db))).map((name) => loadDesignDoc(name, join(dir, db, name))));
  }
  return result;
}
