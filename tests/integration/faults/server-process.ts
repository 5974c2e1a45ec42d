// A server in a child process that can be killed without warning and started again.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export type Killable<T> = T & {
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
};

/**
 * Spawns `script` with tsx, which loads its code and waits (FAULTS_WAIT=1); `start()` lets it
 * go on and resolves with the JSON of the first line it prints (once it listens). Preparing the
 * next process while the current one runs keeps a restart to the server's own start-up.
 */
export function prepareProcess<T>(script: string, env: Record<string, string>): { start(): Promise<Killable<T>>; kill(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...process.env, ...env, FAULTS_WAIT: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = new Promise<Killable<T>>((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${script} exited before listening (${code ?? signal}): ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      resolve({
        ...(JSON.parse(line) as T),
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        }
      });
    });
  });
  listening.catch(() => undefined);
  return {
    start: () => {
      child.stdin.write('go\n');
      return listening;
    },
    kill: () => void child.kill('SIGKILL')
  };
}

/** Spawns `script` and lets it start at once. */
export const startProcess = <T>(script: string, env: Record<string, string>): Promise<Killable<T>> => prepareProcess<T>(script, env).start();

export type ServerProcess = Killable<{ url: string; port: number; admin: { name: string; password: string } }>;

/** The embedded server on `dataDir` and `port` (0 for a free one), its code loaded, not started. */
export const prepareServerProcess = (dataDir: string, port = 0) => prepareProcess<Omit<ServerProcess, 'kill'>>(CHILD, { FAULTS_DATA_DIR: dataDir, FAULTS_PORT: String(port) });
