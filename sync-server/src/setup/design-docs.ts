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

/**
 * CouchDB runs every design function on its own: it can import nothing, so each installed
 * function must carry all its code. What the databases share is still written once in the tree,
 * in `ddocs/_shared/<name>.js`, and a function asks for it with a line `// @include <name>`,
 * which the loader replaces by that file, indented like the line. What CouchDB receives is the
 * final, self-contained text; the parity test checks that same text.
 */
export const SHARED_DIR = '_shared';
const INCLUDE = /^([ \t]*)\/\/ @include ([\w-]+)[ \t]*$/gm;

type Fragments = Record<string, string>;

/** The shared fragments, by name (`ddocs/_shared/<name>.js`). */
export async function loadSharedFragments(dir = DDOCS_DIR): Promise<Fragments> {
  const sharedDir = join(dir, SHARED_DIR);
  if (!existsSync(sharedDir)) return {};
  const files = (await readdir(sharedDir)).filter((f) => f.endsWith('.js')).sort();
  const fragments: Fragments = {};
  for (const file of files) fragments[file.slice(0, -'.js'.length)] = (await readFile(join(sharedDir, file), 'utf8')).trim();
  return fragments;
}

/** Replaces each `// @include <name>` line by the fragment, indented like the line. */
function inline(source: string, fragments: Fragments, path: string): string {
  return source.replace(INCLUDE, (_line, indent: string, name: string) => {
    const fragment = fragments[name];
    if (fragment === undefined) throw new Error(`${path}: no ${SHARED_DIR}/${name}.js to include`);
    return fragment
      .split('\n')
      .map((line) => (line ? indent + line : line))
      .join('\n');
  });
}

const readSource = async (path: string, fragments: Fragments) => inline((await readFile(path, 'utf8')).trim(), fragments, path);

async function subfolders(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

/** Builds one design document from `<dir>/validate_doc_update.js` and `<dir>/views/<name>/{map,reduce}.js`. */
async function loadDesignDoc(name: string, dir: string, fragments: Fragments): Promise<DesignDoc> {
  const ddoc: DesignDoc = { _id: `_design/${name}`, language: 'javascript' };
  const vdu = join(dir, 'validate_doc_update.js');
  if (existsSync(vdu)) ddoc.validate_doc_update = await readSource(vdu, fragments);
  const views = await subfolders(join(dir, 'views'));
  if (views.length) {
    ddoc.views = {};
    for (const view of views) {
      const viewDir = join(dir, 'views', view);
      const reduce = join(viewDir, 'reduce.js');
      ddoc.views[view] = {
        map: await readSource(join(viewDir, 'map.js'), fragments),
        ...(existsSync(reduce) ? { reduce: await readSource(reduce, fragments) } : {})
      };
    }
  }
  return ddoc;
}

/** Every design document of every database, read from `dir` (default: sync-server/ddocs), includes inlined. */
export async function loadDesignDocs(dir = DDOCS_DIR): Promise<Record<string, DesignDoc[]>> {
  const fragments = await loadSharedFragments(dir);
  const result: Record<string, DesignDoc[]> = {};
  for (const db of (await subfolders(dir)).filter((name) => name !== SHARED_DIR)) {
    result[db] = await Promise.all((await subfolders(join(dir, db))).map((name) => loadDesignDoc(name, join(dir, db, name), fragments)));
  }
  return result;
}
