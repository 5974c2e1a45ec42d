import { z } from 'zod';
import { deviceRole, siteCode, type DeviceRole, type SiteCode } from '$lib/domain/common';
import type { EnrolmentRow } from '$lib/db/read-model';

const deviceSummary = z.object({
  name: z.string(),
  label: z.string().optional(),
  site: siteCode.optional(),
  role: deviceRole.or(z.literal('revoked')).optional(),
  createdAt: z.string().optional(),
  revokedAt: z.string().optional()
});
export type DeviceSummary = z.infer<typeof deviceSummary>;

const created = z.object({
  name: z.string(),
  password: z.string(),
  enrolmentCode: z.string(),
  codeExpiresAt: z.string()
});
export type CreatedDevice = z.infer<typeof created>;

export class DevicesApiError extends Error {
  readonly name = 'DevicesApiError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Device administration through the sync server, as the coordinator's device. */
export class DevicesApi {
  constructor(
    private readonly base: string,
    private readonly me: Pick<EnrolmentRow, 'name' | 'password'>
  ) {}

  private async call(path: string, init: RequestInit = {}): Promise<unknown> {
    const auth = `Basic ${btoa(unescape(encodeURIComponent(`${this.me.name}:${this.me.password}`)))}`;
    const res = await fetch(`${this.base}${path}`, {
      ...init,
      headers: { Authorization: auth, 'Content-Type': 'application/json', ...(init.headers ?? {}) }
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new DevicesApiError(res.status, `${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  async list(): Promise<DeviceSummary[]> {
    const body = (await this.call('/devices')) as { devices?: unknown } | unknown[];
    const rows = Array.isArray(body) ? body : (body as { devices?: unknown }).devices;
    return z.array(deviceSummary).parse(rows ?? []);
  }

  async create(input: { label: string; site: SiteCode; role: DeviceRole }): Promise<CreatedDevice> {
    return created.parse(await this.call('/devices', { method: 'POST', body: JSON.stringify(input) }));
  }

  async revoke(name: string): Promise<void> {
    await this.call(`/devices/${encodeURIComponent(name)}/revoke`, { method: 'POST', body: '{}' });
  }
}
