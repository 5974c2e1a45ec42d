import type { Server } from 'node:http';
import http from 'node:http';
import type { RequestListener } from 'node:http';

/** Starts an HTTP server and resolves with the port it got (0 asks the OS for a free one). */
export function listen(handler: RequestListener, port: number, host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    // These bound how long a client may take to *send* its request (headers, then body), not
    // how long an answer may stream: long-poll `_changes` answers stay open for minutes.
    // The door's body reader has tighter per-body limits (door/body.ts).
    server.headersTimeout = 20_000;
    server.requestTimeout = 120_000;
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
}

/** Stops accepting, drops open connections (long-polls included) and resolves once closed. */
export function shutdown(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The URL clients use for a listening address: a wildcard host is reached on loopback. */
export const urlFor = (host: string, port: number) => `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;

/**
 * The address to print for `url`: loopback as `localhost`, as the README gives it (and a
 * browser treats `localhost` as a secure context, so the service worker installs); other
 * hosts (a LAN address in HOST) are left as they are. Servers still connect by `url`.
 */
export function shownUrl(url: string): string {
  return url.replace(/^(https?:\/\/)(127\.0\.0\.1|\[::1\]|0\.0\.0\.0|\[::\])(?=[:/]|$)/, '$1localhost');
}
