import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { RequestHandler } from 'express';
import { type CouchNodes, nodesOf } from '../couch-nodes';
import type { Logger } from '../log';

// Hop-by-hop headers concern one connection and must not be forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

function forwardHeaders(req: IncomingMessage, target: URL): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [key, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(key) && value !== undefined) headers[key] = value;
  headers.host = target.host;
  headers['x-forwarded-host'] = req.headers.host ?? '';
  // express's req.protocol believes X-Forwarded-Proto from trusted proxies only; a bare socket says its own.
  headers['x-forwarded-proto'] = (req as { protocol?: string }).protocol ?? ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  // The client as this app's trust setting sees it, alone: the couch port believes its loopback peer, so a raw chain would let a local browser's forged entries through.
  headers['x-forwarded-for'] = (req as { ip?: string }).ip ?? [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
  return headers;
}

/**
 * A streaming reverse proxy to `target` (the couch layer or CouchDB): the mount path is already
 * stripped by express, so `/db/accueil/_changes?…` arrives as `/accueil/_changes?…`. Bodies flow
 * both ways without buffering, so long-poll `_changes` and heartbeats pass as they come.
 * The browser's own credentials (Authorization, Cookie) pass through; Set-Cookie comes back.
 * A body the door has already read and checked (`req._body`) is sent as the door left it
 * (tombstones stripped, owners stamped), never the original bytes.
 */
export function proxyTo(targetUrl: string | CouchNodes, log: Logger): RequestHandler {
  const nodes = nodesOf(targetUrl);
  return (req, res) => {
    const parsed = (req as { _body?: boolean })._body === true;
    const body = parsed && req.body !== undefined ? Buffer.from(JSON.stringify(req.body)) : undefined;
    // A request whose body is already in hand (or has none) can go to another node when its node
    // cannot be reached; a streamed body (attachments) is spent after one try.
    const replayable = parsed || req.method === 'GET' || req.method === 'HEAD';
    const tried = new Set<string>();
    const attempt = () => {
      const base = nodes.current;
      tried.add(base);
      const target = new URL(base);
      const basePath = target.pathname.replace(/\/+$/, '');
      const client = target.protocol === 'https:' ? https : http;
      const headers = forwardHeaders(req, target);
      if (parsed) {
        delete headers['content-length'];
        delete headers['content-type'];
        if (body) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(body.length) });
      }
      const upstream = client.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: basePath + (req.url.startsWith('/') ? req.url : `/${req.url}`),
          headers
        },
        (up) => {
          const headers = { ...up.headers };
          for (const h of ['connection', 'keep-alive', 'transfer-encoding']) delete headers[h];
          res.writeHead(up.statusCode ?? 502, headers);
          up.pipe(res);
          up.on('error', () => res.destroy());
        }
      );
      upstream.on('error', (err) => {
        log.warn(`proxy ${req.method} ${req.originalUrl} via ${target.host}: ${err.message}`);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (res.destroyed) return;
        nodes.failed(base);
        if (replayable && !tried.has(nodes.current)) {
          attempt();
          return;
        }
        (res as ServerResponse).writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'bad_gateway', reason: 'the database server cannot be reached' }) + '\n');
      });
      // The browser gave up (closed tab, cancelled long-poll): stop the upstream request too.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      if (parsed) upstream.end(body);
      else if (req.method === 'GET' || req.method === 'HEAD') upstream.end();
      else req.pipe(upstream);
    };
    attempt();
  };
}
