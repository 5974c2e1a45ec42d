// `npm start`: builds the PWA when the sources changed since the last build, then starts the
// sync server (embedded CouchDB-compatible server, setup, demo data, workers) which also
// serves the built app. Signals are forwarded so Ctrl-C stops everything cleanly.
import { spawn } from 'node:child_process';
import { buildIfNeeded } from './build-if-needed.mjs';

try {
  buildIfNeeded();
} catch (err) {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
}

const server = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
