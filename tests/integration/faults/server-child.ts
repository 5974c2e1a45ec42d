// The embedded sync server as its own process, so a test can kill it with SIGKILL (no close,
// no flush) and start it again on the same data folder and port. Prints one JSON line once it
// listens: { url, port, admin }. Loaded through tests/support/server.ts so that the server's
// Node types stay out of the app's program.
import { startSyncServer } from '../../support/server';

const dataDir = process.env.FAULTS_DATA_DIR;
if (!dataDir) throw new Error('FAULTS_DATA_DIR is required');
const server = await startSyncServer({ dataDir, port: Number(process.env.FAULTS_PORT ?? 0), demo: true, log: false });
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, admin: server.admin })}\n`);
