// The demo device accounts by role, for tests and benchmarks.
import { DEMO_DEVICES } from '../../sync-server/src/setup/demo-devices';

function demoDevice(name: string) {
  const d = DEMO_DEVICES.find((x) => x.name === name);
  if (!d) throw new Error(`no demo device ${name}`);
  return d;
}

export const DEVICES = {
  deskCurial: demoDevice('desk-curial'),
  deskHdv: demoDevice('desk-hdv'),
  kioskCurial: demoDevice('kiosk-curial'),
  displayCurial: demoDevice('display-curial'),
  displayHdv: demoDevice('display-hdv'),
  coordinator: demoDevice('coordinator')
};
