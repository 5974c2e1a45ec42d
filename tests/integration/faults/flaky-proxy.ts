// A TCP proxy that misbehaves on purpose, from a seeded PRNG so that a failing run replays.
import { createServer, connect, type Server, type Socket } from 'node:net';

/** mulberry32: small, fast, good enough to pick faults; the same seed gives the same faults. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FlakyProxy {
  url: string;
  /** Connections cut so far (mid-stream or refused). */
  cuts: number;
  /** From now on, a well-behaved pipe (the end of the storm). */
  calm(): void;
  close(): Promise<void>;
}

/**
 * Forwards to `target` (host:port). While stormy: each chunk is delayed by 0–`maxDelayMs`
 * (order kept), each chunk may cut both sockets (probability `cutChance`), and each new
 * connection may be refused outright (`refuseChance`).
 */
export async function startFlakyProxy(
  target: { host: string; port: number },
  random: () => number,
  opts: { maxDelayMs: number; cutChance: number; refuseChance: number }
): Promise<FlakyProxy> {
  let stormy = true;
  const sockets = new Set<Socket>();
  const state = { cuts: 0 };

  const pipe = (from: Socket, to: Socket, cut: () => void) => {
    let chain = Promise.resolve();
    from.on('data', (chunk: Uint8Array) => {
      if (!stormy) {
        chain = chain.then(() => void to.write(chunk));
        return;
      }
      const delay = random() * opts.maxDelayMs;
      const cutHere = random() < opts.cutChance;
      from.pause();
      chain = chain.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (cutHere) cut();
              else if (!to.destroyed) to.write(chunk);
              from.resume();
              resolve();
            }, delay)
          )
      );
    });
    from.on('end', () => void chain.then(() => to.end()));
  };

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (stormy && random() < opts.refuseChance) {
      state.cuts++;
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    const cut = () => {
      state.cuts++;
      client.destroy();
      upstream.destroy();
    };
    pipe(client, upstream, cut);
    pipe(upstream, client, cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get cuts() {
      return state.cuts;
    },
    calm: () => (stormy = false),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })
  };
}
