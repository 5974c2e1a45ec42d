import type { Request, Response } from 'express';
import type { CouchClient } from '../couch-client';
import type { WorkerLease } from '../workers/lease';
import type { WorkerStatus } from '../workers/schedule';

export interface HealthDeps {
  client: CouchClient;
  /** What this process's workers did last (both modes). */
  status: WorkerStatus;
  /** CouchDB mode: the lease that keeps the workers single. Absent in embedded mode (one process). */
  lease?: WorkerLease;
  /** Whether this process runs workers at all (embedded: `workers` option). */
  workers: boolean;
}

/**
 * `GET /api/health`, for monitoring, without authentication: whether the database engine
 * answers, who runs the workers and when each last ran. No personal data, no URLs, no
 * credentials: process ids and times only. 200 when the engine answers, else 503.
 */
export function healthHandler(deps: HealthDeps) {
  return async (_req: Request, res: Response) => {
    const up = await deps.client.request('GET', '/_up').then(
      (r) => r.status === 200,
      () => false
    );
    const lease = deps.lease;
    const workers = lease
      ? {
          mode: 'lease' as const,
          thisProcess: lease.state.me,
          runsHere: lease.held,
          holder: lease.state.doc && Date.parse(lease.state.doc.expiresAt) > Date.now() ? lease.state.doc.holder : null,
          leaseExpiresAt: lease.state.doc?.expiresAt ?? null,
          // The holder's own record when another process holds the lease.
          lastRuns: lease.held ? deps.status : (lease.state.doc?.lastRuns ?? {})
        }
      : { mode: 'single' as const, runsHere: deps.workers, lastRuns: deps.status };
    res.status(up ? 200 : 503).setHeader('Cache-Control', 'no-store');
    res.json({ ok: up, engine: { reachable: up, nodes: deps.client.nodes.urls.length }, workers });
  };
}
