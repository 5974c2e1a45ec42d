import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';

// Unmount components between tests (vitest globals are off, so testing-library cannot do it).
afterEach(() => cleanup());
