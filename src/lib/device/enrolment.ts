import { z } from 'zod';
import { deviceRole, siteCode } from '$lib/domain/common';
import type { EnrolmentRow, ReadModel } from '$lib/db/read-model';

/** What the server says about a device account (`/api/me`, `/api/enrol`). */
const deviceInfo = z.object({
  name: z.string().min(1),
  site: siteCode,
  role: deviceRole,
  label: z.string().optional(),
  revoked: z.boolean().optional()
});

export class EnrolmentError extends Error {
  readonly name = 'EnrolmentError';
  constructor(
    readonly kind: 'bad-code' | 'bad-credentials' | 'revoked' | 'offline' | 'server',
    message: string
  ) {
    super(message);
  }
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    throw new EnrolmentError('offline', `network error: ${String(err)}`);
  }
  const body = await res.json().catch(() => ({}));
  if (res.status === 401) throw new EnrolmentError('bad-credentials', JSON.stringify(body));
  if (res.status === 404 || res.status === 410 || res.status === 400) throw new EnrolmentError('bad-code', JSON.stringify(body));
  if (!res.ok) throw new EnrolmentError('server', `${res.status} ${JSON.stringify(body)}`);
  return body;
}

const basic = (name: string, password: string) => `Basic ${btoa(unescape(encodeURIComponent(`${name}:${password}`)))}`;

/** Enrols with the device account's name and password (checked against the server). */
export async function enrolWithCredentials(apiBase: string, name: string, password: string): Promise<EnrolmentRow> {
  const info = deviceInfo.parse(await call(`${apiBase}/me`, { headers: { Authorization: basic(name, password) } }));
  if (info.revoked) throw new EnrolmentError('revoked', `device ${name} is revoked`);
  return { key: 'device', name: info.name, password, site: info.site, role: info.role, label: info.label ?? info.name, enrolledAt: new Date().toISOString() };
}

/** Enrols with a one-time code given by the coordinator. */
export async function enrolWithCode(apiBase: string, code: string): Promise<EnrolmentRow> {
  const body = await call(`${apiBase}/enrol`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: code.trim().toUpperCase() })
  });
  const info = deviceInfo.extend({ password: z.string().min(1) }).parse(body);
  return { key: 'device', name: info.name, password: info.password, site: info.site, role: info.role, label: info.label ?? info.name, enrolledAt: new Date().toISOString() };
}

/** Asks the server whether this device was revoked; null when the server cannot be reached. */
export async function isRevoked(apiBase: string, e: EnrolmentRow): Promise<boolean | null> {
  try {
    const res = await fetch(`${apiBase}/me`, { headers: { Authorization: basic(e.name, e.password) } });
    if (res.status === 401) return true;
    if (!res.ok) return null;
    return deviceInfo.parse(await res.json()).revoked === true;
  } catch {
    return null;
  }
}

export async function saveEnrolment(rm: ReadModel, e: EnrolmentRow): Promise<void> {
  await rm.enrolment.put(e);
}

export async function loadEnrolment(rm: ReadModel): Promise<EnrolmentRow | null> {
  return (await rm.enrolment.get('device')) ?? null;
}

/** The routes a role may open: a kiosk is locked on /borne, a display on /affichage. */
export function allowedPath(role: EnrolmentRow['role'] | null, path: string): string | null {
  if (!role) return path.startsWith('/enrolement') ? null : '/enrolement';
  if (role === 'kiosk') return path.startsWith('/borne') ? null : '/borne';
  if (role === 'display') return path.startsWith('/affichage') ? null : '/affichage';
  if (path.startsWith('/borne') || path.startsWith('/affichage') || path.startsWith('/enrolement')) return '/';
  if (path.startsWith('/coordination') && role !== 'coordinator') return '/';
  return null;
}
