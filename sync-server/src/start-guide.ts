import { join } from 'node:path';
import { shownUrl } from './http-server';
import { DEMO_DEVICES } from './setup/demo';
import { DEMO_ADVISERS, DEMO_PIN } from './setup/demo-advisers';

/** Each face of the app, where to open it, and the demo account to enrol it with. */
const FACES: readonly [string, string, string][] = [
  ['Desk tablet at Curial', '/', 'desk-curial'],
  ['Desk tablet at Hôtel de Ville', '/', 'desk-hdv'],
  ['Kiosk (visitor check-in)', '/borne', 'kiosk-curial'],
  ['Hallway display, Hôtel de Ville', '/affichage', 'display-hdv'],
  ['Hallway display, Curial', '/affichage', 'display-curial'],
  ['Coordinator', '/coordination', 'coordinator']
];

/** The lines `npm start` prints once the servers listen: where to open each face, with its demo account. */
export function startGuide(o: { appUrl?: string; syncUrl?: string; webRoot: string }): string[] {
  const lines: string[] = [''];
  if (!o.appUrl) {
    lines.push(`The app is not built (no ${join(o.webRoot, 'index.html')}): run "npm run build", then restart.`);
    lines.push('Only the sync API is served for now.');
  } else {
    const appUrl = shownUrl(o.appUrl);
    const cred = (name: string) => {
      const d = DEMO_DEVICES.find((x) => x.name === name);
      return d ? `name ${d.name}, password ${d.password}` : name;
    };
    lines.push('Accueil is running. Open, on each device, and enrol with the demo account shown:');
    for (const [what, path, device] of FACES) {
      lines.push(`  ${`${what}:`.padEnd(35)}${`${appUrl}${path}`.padEnd(36)}(${cred(device)})`);
    }
    lines.push(`On a desk or coordinator tablet, sign in for the shift as any demo adviser (${DEMO_ADVISERS[0]!.name}…), PIN ${DEMO_PIN}.`);
  }
  if (o.syncUrl) lines.push(`Sync server (CouchDB protocol): ${shownUrl(o.syncUrl)}`);
  lines.push('Press Ctrl-C to stop.', '');
  return lines;
}
