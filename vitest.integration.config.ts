import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Integration tests: real HTTP servers on free ports, real LevelDB in temp folders, Node only. */
export default defineConfig({
  resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
  test: {
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own servers; running files one at a time keeps CPU-bound PBKDF2 from skewing timings.
    fileParallelism: false
  }
});
