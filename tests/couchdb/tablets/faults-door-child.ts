// The CouchDB-mode sync server (setup, door, API) as its own process, so a test can kill it
// with SIGKILL and start it again on the same port. Needs COUCHDB_URL (admin credentials in
// the URL), FAULTS_DATA_DIR and FAULTS_PORT; prints one JSON line once it listens: { url }.
// The server module is loaded through a path held in a variable: its Node types stay out of
// the app's program (as tests/support/server.ts does).
const PRODUCTION = new URL('../../../sync-server/src/production.ts', import.meta.url).href;
const LOG = new URL('../../../sync-server/src/log.ts', import.meta.url).href;

interface Production {
  couchClientFromEnv(env: NodeJS.ProcessEnv): unknown;
  startProduction(o: Record<string, unknown>): Promise<{ webUrl: string }>;
}
const prod = (await import(/* @vite-ignore */ PRODUCTION)) as Production;
const { silentLogger } = (await import(/* @vite-ignore */ LOG)) as { silentLogger: unknown };
// FAULTS_WAIT=1: code loaded, start on a line from stdin (the next door is ready while this one runs).
if (process.env.FAULTS_WAIT === '1') await new Promise((resolve) => process.stdin.once('data', resolve));
const started = await prod.startProduction({
  client: prod.couchClientFromEnv(process.env),
  webPort: Number(process.env.FAULTS_PORT ?? 0),
  host: '127.0.0.1',
  demo: true,
  log: silentLogger,
  workers: false,
  dataDir: process.env.FAULTS_DATA_DIR
});
process.stdout.write(`${JSON.stringify({ url: started.webUrl })}\n`);
