// The app's tests and benchmarks start the real sync server through this boundary. The server
// is its own TypeScript program (sync-server/tsconfig.json, Node types); loading it through a
// module path held in a variable keeps those types out of the app's program, and the app only
// ever sees the server over HTTP anyway.

export interface TestServerOptions {
  port?: number;
  webPort?: number;
  webRoot?: string;
  dataDir: string;
  demo?: boolean;
  log?: false | { info(m: string): void; warn(m: string): void; error(m: string): void };
  workers?: boolean;
  deviceBudget?: { docsPerSecond: number; burst: number; concurrentWrites: number };
}

export interface TestServer {
  url: string;
  port: number;
  admin: { name: string; password: string };
  webUrl?: string;
  close(): Promise<void>;
}

const SERVER_MODULE = new URL('../../sync-server/src/server.ts', import.meta.url).href;

/** Starts an embedded sync server (see sync-server/src/server.ts for every option). */
export async function startSyncServer(options: TestServerOptions): Promise<TestServer> {
  const mod = (await import(/* @vite-ignore */ SERVER_MODULE)) as {
    startSyncServer(o: TestServerOptions): Promise<TestServer>;
  };
  return mod.startSyncServer(options);
}

/** Basic auth header of the server admin. */
export const adminHeader = (s: TestServer) => `Basic ${Buffer.from(`${s.admin.name}:${s.admin.password}`).toString('base64')}`;
