// The embedded sync server as its own process, so a test can kill it with SIGKILL (no close,
// no flush) and start it again on the same data folder and port. Loads its code at once, then
// (with FAULTS_WAIT=1) waits for a line on stdin before opening the data: the next server is
// ready while the last one still runs. Prints one JSON line once it listens: { url, port, admin }.
// The module path is held in a variable so that the server's Node types stay out of the app's program.
import type { startSyncServer as Start } from '../../support/server';

const SERVER_MODULE = new URL('../../../sync-server/src/server.ts', import.meta.url).href;
const dataDir = process.env.FAULTS_DATA_DIR;
if (!dataDir) throw new Error('FAULTS_DATA_DIR is required');
const { startSyncServer } = (await import(/* @vite-ignore */ SERVER_MODULE)) as { startSyncServer: typeof Start };
if (process.env.FAULTS_WAIT === '1') await new Promise((resolve) => process.stdin.once('data', resolve));
const server = await startSyncServer({ dataDir, port: Number(process.env.FAULTS_PORT ?? 0), demo: true, log: false });
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, admin: server.admin })}\n`);
