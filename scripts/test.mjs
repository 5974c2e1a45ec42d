// `npm test`: every layer, in order, each in its own process: static checks, unit and
// component tests, integration tests against real sync servers, a production build, then
// end-to-end tests in Chromium against that build. Prints one closing count for all layers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'accueil-test-'));
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failures = [];

function run(name, cmd, args, jsonReport) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  if (jsonReport) {
    try {
      const report = JSON.parse(readFileSync(jsonReport, 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
    } catch {
      // No report: the runner crashed before writing it; the exit code below counts it.
    }
  }
  if (r.status !== 0) {
    failures.push(name);
    if (!jsonReport) failed += 1;
  } else if (!jsonReport) {
    passed += 1;
  }
}

const skipped = [];

/**
 * The production path on a real Apache CouchDB: `COUCHDB_URL` (a throwaway server: the tests
 * delete its databases) or the workplace's release in ../shared/couchdb. Never skipped silently.
 */
function couchdbLayer() {
  if (only.length && !only.includes('couchdb')) return;
  const why = couchdbMissing();
  if (why) {
    console.log(`\n=== couchdb: skipped: ${why}`);
    skipped.push(`couchdb (${why})`);
    return;
  }
  vitest('couchdb', 'vitest.couchdb.config.ts');
}

function couchdbMissing() {
  if (process.env.COUCHDB_URL) return undefined;
  const dirs = [process.env.SHARED_COUCHDB, resolve('../shared/couchdb'), '/work/shared/couchdb'].filter(Boolean);
  const dir = dirs.find((d) => existsSync(join(d, 'couchdb.sh')));
  if (!dir) return `no COUCHDB_URL and no CouchDB release (looked for couchdb.sh in ${dirs.join(', ')})`;
  const libs = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout ?? '';
  const lacking = ['libicu', 'libssl.so.3'].filter((lib) => !libs.includes(lib));
  if (lacking.length) return `the CouchDB release in ${dir} needs ${lacking.join(', ')} (apt install libicu72 libssl3)`;
  return undefined;
}

const vitest = (name, config) => {
  const out = join(reports, `${name}.json`);
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`];
  if (config) args.push('--config', config);
  run(name, 'npx', args, out);
};

run('check', 'npm', ['run', '--silent', 'check']);
vitest('unit');
vitest('integration', 'vitest.integration.config.ts');
run('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
vitest('e2e', 'vitest.e2e.config.ts');
couchdbLayer();

rmSync(reports, { recursive: true, force: true });
if (skipped.length) console.log(`\nSkipped layers: ${skipped.join('; ')}`);
console.log(`\n${failures.length ? `Failed layers: ${failures.join(', ')}` : 'All layers passed.'}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
