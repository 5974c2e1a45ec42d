import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests: real Chromium (Debian's) against the built PWA served like production.
export default defineConfig({
  resolve: { alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) } },
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // The machine is shared: a poll's default second is too short under load (the receipts suite
    // failed so). A poll still returns as soon as its condition holds.
    expect: { poll: { timeout: 15_000 } }
  }
});
