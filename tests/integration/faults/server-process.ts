// A sync server in a child process that can be killed without warning and started again.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ServerProcess {
  url: string;
  port: number;
  admin: { name: string; password: string };
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
}

/** Starts the server on `dataDir` (and `port`, 0 for a free one); resolves once it listens. */
export function startServerProcess(dataDir: string, port = 0): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    env: { ...process.env, FAULTS_DATA_DIR: dataDir, FAULTS_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    child.once('exit', (code, signal) => reject(new Error(`server exited before listening (${code ?? signal}): ${stderr}`)));
    lines.once('line', (line) => {
      const info = JSON.parse(line) as Omit<ServerProcess, 'kill'>;
      resolve({
        ...info,
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        }
      });
    });
  });
}
