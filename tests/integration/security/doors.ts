// The security layer's two targets: the door of the embedded server (here, the integration
// layer), and the door in front of a real Apache CouchDB 3.5 (tests/couchdb/door.ts, the couchdb
// layer). Each `*.cases.ts` here is run by both.
import http from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CouchClient } from '../../../sync-server/src/couch-client';
import { basicHeader, demoPassword, startTestServer, tempDir } from '../server/helpers';

export type Mode = 'embedded' | 'couchdb';

/** The doors trust one proxy address: requests sent from it (`raw`'s `from`) may say they came over TLS. */
export const TRUSTED_PROXY = '127.0.0.2';

export interface Door {
  mode: Mode;
  /** Where devices speak the CouchDB protocol: the sync port (embedded) or `/db` on the app's origin. */
  url: string;
  /** The same door behind the app's `/db` proxy (embedded only; equal to `url` with CouchDB). */
  webDbUrl: string;
  /** Where the app API (`/api/*`) answers. */
  api: string;
  admin: { name: string; password: string };
  /** Admin access straight to the engine, to check what was really stored. */
  engine: CouchClient;
  logs: string[];
  stop(): Promise<void>;
}

/** A web root with a stand-in app shell: the door tests need the origin, not the app. */
export function fakeWebRoot(): string {
  const root = tempDir('accueil-door-web-');
  mkdirSync(join(root, '_app'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Accueil</title>');
  return root;
}

export async function startEmbeddedDoor(): Promise<Door> {
  const s = await startTestServer({ demo: true, webRoot: fakeWebRoot(), webPort: 0, trustedProxies: [TRUSTED_PROXY] });
  return {
    mode: 'embedded',
    url: s.url,
    webDbUrl: `${s.webUrl}/db`,
    api: s.url,
    admin: s.admin,
    engine: s.client,
    logs: s.logs,
    stop: () => s.stop()
  };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * One request with exactly the bytes given (multipart, truncated, slow bodies): fetch would
 * fix them up. `as` is a demo account or explicit credentials. Resolves on the answer, or
 * with status 0 when the server closed the connection without one.
 */
export function raw(
  base: string,
  o: {
    method: string;
    path: string;
    as?: string | { name: string; password: string };
    headers?: Record<string, string>;
    body?: string | Buffer;
    endBody?: boolean;
    timeoutMs?: number;
    /** The local address to send from (a loopback alias such as TRUSTED_PROXY). */
    from?: string;
  }
): Promise<RawResponse> {
  const url = new URL(base + o.path);
  const headers: Record<string, string> = { ...o.headers };
  if (o.as) {
    const cred = typeof o.as === 'string' ? { name: o.as, password: demoPassword(o.as) } : o.as;
    headers.Authorization = basicHeader(cred.name, cred.password);
  }
  const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body);
  if (body && !headers['Content-Length'] && !headers['Transfer-Encoding']) headers['Content-Length'] = String(body.length);
  return new Promise((resolve) => {
    const req = http.request({ hostname: url.hostname, port: url.port, method: o.method, path: url.pathname + url.search, headers, localAddress: o.from }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(o.timeoutMs ?? 20_000, () => req.destroy());
    req.on('error', () => resolve({ status: 0, headers: {}, text: '' }));
    if (body) req.write(body);
    if (o.endBody !== false) req.end();
  });
}

/** True when the server still answers (the process did not die). */
export async function alive(door: Door): Promise<boolean> {
  try {
    const res = await fetch(`${door.url}/_up`);
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Starts a door before the tests of a `describe` and stops it after: `env.door` in the tests. */
export function useDoor(start: () => Promise<Door>): { door: Door } {
  const env = {} as { door: Door };
  beforeAll(async () => {
    env.door = await start();
  }, 120_000);
  afterAll(() => env.door?.stop());
  return env;
}
