import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicHeader, demoPassword } from '../integration/server/helpers';
import type { Door } from '../integration/security/doors';
import { startCouchDbDoor } from './door';

// CouchDB locks an account out (403, `chttpd_auth_lockout`) after 5 wrong passwords from one
// address; behind the door every tablet shares the door's address, so anyone could lock a
// working tablet out with five guesses. The door throttles logins itself (auth/throttle.ts);
// setup turns CouchDB's lockout to `warn` on every node.
let door: Door;
beforeAll(async () => {
  door = await startCouchDbDoor();
});
afterAll(async () => {
  await door?.stop();
});

const read = (password: string) => fetch(`${door.url}/referentiel`, { headers: { Authorization: basicHeader('desk-curial', password), Accept: 'application/json' } });

describe('CouchDB’s own lockout behind the door', () => {
  it('is set to warn on every node by setup', async () => {
    const nodes = await door.engine.get<{ all_nodes: string[] }>('/_membership');
    for (const node of nodes.all_nodes) {
      expect(await door.engine.get(`/_node/${encodeURIComponent(node)}/_config/chttpd_auth_lockout/mode`)).toBe('warn');
    }
  });

  it('ten wrong passwords for a desk do not lock the tablet that knows its own', async () => {
    expect((await read(demoPassword('desk-curial'))).status).toBe(200);
    for (let i = 0; i < 10; i++) expect([401, 429]).toContain((await read(`wrong-${i}`)).status);
    expect((await read(demoPassword('desk-curial'))).status).toBe(200);
  });
});
