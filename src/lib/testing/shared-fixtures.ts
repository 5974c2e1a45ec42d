import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The workplace's shared test data (`../shared/fixtures`, read-only), wherever the checkout is:
 * `SHARED_FIXTURES` if set, else beside the repository, else its usual place on these machines
 * (CI runs from a clone elsewhere).
 */
const CANDIDATES = [process.env.SHARED_FIXTURES, resolve(process.cwd(), '../shared/fixtures'), '/work/shared/fixtures'];
export const SHARED_FIXTURES = CANDIDATES.find((dir): dir is string => !!dir && existsSync(dir)) ?? '/work/shared/fixtures';

/** The path of a shared fixture, e.g. `sharedFixture('ics/Paris.ics')`. */
export const sharedFixture = (path: string): string => resolve(SHARED_FIXTURES, path);
