import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { demoRequested } from '../../sync-server/src/setup/demo-flag';
import { adminUrl } from '../support/couchdb';
import { blankCouch, call } from './helpers';

const run = promisify(execFile);

describe('npm run setup and DEMO', () => {
  it.each([
    [[], {}, false],
    [[], { DEMO: '0' }, false],
    [[], { DEMO: '1' }, true],
    [['--demo'], {}, true]
  ] as const)('argv %j, env %j: demo %s', (argv, env, expected) => {
    expect(demoRequested(argv, env)).toBe(expected);
  });

  it('DEMO=1 loads the demo into a blank CouchDB', async () => {
    const couch = await blankCouch();
    await run(process.execPath, ['--import', 'tsx', 'sync-server/src/setup-cli.ts'], { env: { ...process.env, COUCHDB_URL: adminUrl(couch), DEMO: '1' }, timeout: 90_000 });
    const rooms = await call(couch.url, 'GET', '/planning/_all_docs?startkey="room:"&endkey="room:\uffff"', { as: couch.admin });
    expect(rooms.json.rows).toHaveLength(8);
  });
});
