/**
 * Whether `npm run setup` loads the demo: `--demo`, or `DEMO=1` as the README's table says
 * (in CouchDB mode the demo is off unless asked for; `DEMO=0` or unset leaves it off).
 */
export function demoRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--demo') || env.DEMO === '1';
}
