// Builds the PWA (vite build) when its sources are newer than build/index.html. Shared by
// `npm start` and `npm run bench`: both serve build/, and a fresh clone has none.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
const BUILT = 'build/index.html';

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), s.mtimeMs);
}

/** Whether build/ is missing or older than any source (paths relative to the working directory). */
export function buildIsStale() {
  const built = existsSync(BUILT) ? statSync(BUILT).mtimeMs : 0;
  return built < Math.max(...SOURCES.map(newest));
}

/**
 * Runs `vite build` when the build is stale, its output shown. Returns whether it built;
 * throws when the build fails, with vite's exit status (its own messages are already printed).
 * @returns {boolean}
 */
export function buildIfNeeded() {
  if (!buildIsStale()) return false;
  console.log('Building the app (vite build)…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.error) throw new Error(`vite build could not run: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`vite build failed (exit ${r.status ?? r.signal})`);
  if (!existsSync(BUILT)) throw new Error(`vite build wrote no ${BUILT}`);
  return true;
}
