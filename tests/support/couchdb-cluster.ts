// A 3-node Apache CouchDB 3.5 cluster for tests, from the shared release (`couchdb.sh` with
// COUCH_SINGLE_NODE=false and one COUCH_COOKIE): started on free ports, joined with the node
// API, its system databases created. A node can be killed with SIGKILL (its Erlang VM, whose pid
// the script records) and restarted in place: same folder, port and node name, so its shards
// are its own again and CouchDB's internal replication catches it up.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Admin, SHARED_COUCHDB } from './couchdb';

const run = promisify(execFile);
const SCRIPT = join(SHARED_COUCHDB, 'couchdb.sh');

export interface ClusterNode {
  /** `couchdb_<PORT>@127.0.0.1`, as `_membership` names it. */
  name: string;
  port: number;
  /** Base URL without credentials. */
  url: string;
  dir: string;
}

export interface CouchCluster {
  nodes: ClusterNode[];
  admin: Admin;
  /** The admin URL of every node, comma-separated, as `COUCHDB_URL` takes a cluster. */
  adminUrls: string[];
  /** SIGKILL to the node's Erlang VM; resolves once the process is gone. */
  kill(node: ClusterNode): Promise<void>;
  /** Starts a killed node again in place and waits until every node that is up counts it in `_membership`. */
  restart(node: ClusterNode): Promise<void>;
  isUp(node: ClusterNode): Promise<boolean>;
  stop(): Promise<void>;
}

const auth = (admin: Admin) => `Basic ${Buffer.from(`${admin.name}:${admin.password}`).toString('base64')}`;

async function adminJson<T>(url: string, admin: Admin, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  const headers: Record<string, string> = { Accept: 'application/json', Authorization: auth(admin) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as T };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`cluster: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pidOf = (node: ClusterNode): number => Number(readFileSync(join(node.dir, 'couchdb.pid'), 'utf8').trim());
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Starts one node in `dir` on `port` (0: a free one). */
async function startNode(dir: string, port: number, admin: Admin, cookie: string): Promise<ClusterNode> {
  const env = { ...process.env, COUCH_SINGLE_NODE: 'false', COUCH_COOKIE: cookie };
  const { stdout } = await run(SCRIPT, ['start', dir, String(port), admin.name, admin.password], { env, timeout: 90_000 });
  const u = new URL(stdout.trim());
  return { name: `couchdb_${u.port}@127.0.0.1`, port: Number(u.port), url: `${u.protocol}//${u.host}`, dir };
}

/**
 * Three cluster nodes in a fresh temp folder, joined (`PUT /_node/_local/_nodes/<name>` on the
 * first), with `_users` and `_replicator` created once `_membership` lists all three everywhere.
 * About 3 s here.
 */
export async function startCouchCluster(size = 3, parent = tmpdir()): Promise<CouchCluster> {
  const root = mkdtempSync(join(parent, 'accueil-cluster-'));
  const admin = { name: 'admin', password: randomBytes(12).toString('hex') };
  const cookie = `c${randomBytes(12).toString('hex')}`;
  const stopAll = async (nodes: { dir: string }[]) => {
    await Promise.all(nodes.map((n) => run(SCRIPT, ['stop', n.dir]).catch(() => undefined)));
    rmSync(root, { recursive: true, force: true });
  };
  const dirs = Array.from({ length: size }, (_, i) => {
    const dir = join(root, `node${i + 1}`);
    mkdirSync(dir);
    return dir;
  });
  let nodes: ClusterNode[] = [];
  try {
    nodes = await Promise.all(dirs.map((dir) => startNode(dir, 0, admin, cookie)));
    const [first] = nodes;
    for (const other of nodes.slice(1)) {
      const res = await adminJson(first!.url, admin, 'PUT', `/_node/_local/_nodes/${encodeURIComponent(other.name)}`, {});
      if (res.status >= 300 && res.status !== 409) throw new Error(`cluster: joining ${other.name} -> ${res.status}`);
    }
    const names = nodes.map((n) => n.name).sort();
    for (const node of nodes) {
      await until(`${node.name} to see the ${size} nodes`, async () => {
        const m = (await adminJson<{ all_nodes: string[]; cluster_nodes: string[] }>(node.url, admin, 'GET', '/_membership')).json;
        return JSON.stringify([...m.all_nodes].sort()) === JSON.stringify(names) && JSON.stringify([...m.cluster_nodes].sort()) === JSON.stringify(names);
      });
    }
    for (const db of ['_users', '_replicator']) {
      const res = await adminJson(first!.url, admin, 'PUT', `/${db}`);
      if (res.status !== 201 && res.status !== 202 && res.status !== 412) throw new Error(`cluster: PUT /${db} -> ${res.status}`);
    }
  } catch (err) {
    await stopAll(dirs.map((dir) => ({ dir })));
    throw err;
  }
  const withCredentials = (url: string) => {
    const u = new URL(url);
    u.username = admin.name;
    u.password = admin.password;
    return u.toString().replace(/\/+$/, '');
  };
  const membership = async (via: ClusterNode) =>
    (await adminJson<{ all_nodes: string[] }>(via.url, admin, 'GET', '/_membership')).json.all_nodes;
  return {
    nodes,
    admin,
    adminUrls: nodes.map((n) => withCredentials(n.url)),
    async kill(node) {
      const pid = pidOf(node);
      process.kill(pid, 'SIGKILL');
      await until(`${node.name} to die`, async () => !alive(pid), 20_000);
    },
    async restart(node) {
      const again = await startNode(node.dir, node.port, admin, cookie);
      if (again.name !== node.name) throw new Error(`cluster: ${node.name} came back as ${again.name}`);
      // The nodes that are up (another may be down on purpose) count it in again.
      for (const other of nodes) {
        if (!(await fetch(`${other.url}/_up`).then((r) => r.ok, () => false))) continue;
        await until(`${other.name} to count ${node.name} in again`, async () => (await membership(other)).includes(node.name));
      }
    },
    isUp: (node) => fetch(`${node.url}/_up`).then((r) => r.ok, () => false),
    stop: () => stopAll(nodes)
  };
}

// --- The sync server and the setup as separate processes, as production runs them ---------------

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  /** The app's origin (`/db` the door, `/api` the API). */
  url: string;
  pid: number;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM (a clean stop) and wait for the exit. */
  stop(): Promise<void>;
}

/** `npm run setup` (sync-server/src/setup-cli.ts) with `env`; resolves with its output, rejects on failure. */
export async function runSetupCli(env: Record<string, string>, args: string[] = []): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'sync-server/src/setup-cli.ts', ...args], { cwd: REPO, env: { ...process.env, ...env }, timeout: 120_000 });
  return stdout + stderr;
}

/**
 * The sync server's entry point (sync-server/src/main.ts) in its own process on a free port,
 * in CouchDB mode when `env.COUCHDB_URL` is set; resolves once it prints where it listens.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
    cwd: REPO,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', WEB_ROOT: join(REPO, 'no-build-here'), DEMO: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sync server did not start:\n${out}`)), 90_000);
    const look = () => {
      const m = /Desk tablet at Curial:\s+(http:\/\/[^\s/]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('//localhost:', '//127.0.0.1:'));
      }
    };
    child.stdout.on('data', look);
    child.once('exit', (code) => reject(new Error(`sync server exited (${code}):\n${out}`)));
  });
  return {
    url,
    pid: child.pid!,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    }
  };
}
