import { randomBytes } from 'node:crypto';
import type { DeviceRole, SiteCode } from '../../../src/lib/domain/common';
import { randomPassword } from '../auth/passwords';
import { REVOKED_ROLE } from '../auth/principal';
import { type CouchClient, docPath } from '../couch-client';
import type { EnrolmentCodes } from './enrolment-codes';

export const USER_PREFIX = 'org.couchdb.user:';
/** Lowercase letters, digits and dashes: names end up in URLs, logs and check-in documents. */
export const DEVICE_NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** What the `device` field of a user document says about the device. */
export interface DeviceInfo {
  label: string;
  site: SiteCode;
  role: DeviceRole;
  createdAt: string;
  revokedAt?: string;
}

export interface DeviceSummary extends DeviceInfo {
  name: string;
  roles: string[];
  revoked: boolean;
}

interface UserDoc {
  _id: string;
  _rev?: string;
  name: string;
  type: 'user';
  roles: string[];
  password?: string;
  device?: DeviceInfo;
  [key: string]: unknown;
}

export class DeviceError extends Error {
  constructor(
    readonly kind: 'not-found' | 'exists' | 'invalid',
    message: string
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}

const summary = (doc: UserDoc & { device: DeviceInfo }): DeviceSummary => ({
  name: doc.name,
  roles: doc.roles,
  revoked: doc.roles.includes(REVOKED_ROLE),
  ...doc.device
});

/**
 * Device accounts: CouchDB users with roles `[role, 'site:<site>']` and a `device` field.
 * Passwords are written in clear to `_users`, where CouchDB (or the embedded server, which
 * does the same) replaces them with a PBKDF2 hash.
 */
export class DevicesService {
  constructor(
    private readonly client: CouchClient,
    private readonly codes: EnrolmentCodes,
    private readonly now: () => Date = () => new Date(),
    /** Called once a revocation is stored (CouchDB mode: the door refuses the device at once). */
    private readonly onRevoked: (name: string) => void = () => {}
  ) {}

  private async userDoc(name: string): Promise<UserDoc | null> {
    if (!DEVICE_NAME.test(name)) return null;
    return this.client.find<UserDoc>(docPath('_users', USER_PREFIX + name));
  }

  /**
   * Creates a device account with a random password (or the given one, for the demo accounts)
   * and a one-time enrolment code for it. The name defaults to `<role>-<site>-<4 hex>`.
   */
  async create(input: { label: string; site: SiteCode; role: DeviceRole; name?: string; password?: string }): Promise<{
    name: string;
    password: string;
    enrolmentCode: string;
    codeExpiresAt: string;
  }> {
    const password = input.password ?? randomPassword();
    for (let attempt = 0; attempt < 5; attempt++) {
      const name = input.name ?? `${input.role}-${input.site}-${randomBytes(2).toString('hex')}`;
      if (!DEVICE_NAME.test(name)) throw new DeviceError('invalid', `invalid device name ${JSON.stringify(name)}: use a-z, 0-9 and dashes`);
      const doc: UserDoc = {
        _id: USER_PREFIX + name,
        name,
        type: 'user',
        roles: [input.role, `site:${input.site}`],
        password,
        device: { label: input.label, site: input.site, role: input.role, createdAt: this.now().toISOString() }
      };
      const res = await this.client.request('PUT', docPath('_users', doc._id), doc);
      if (res.status === 409) {
        if (input.name) throw new DeviceError('exists', `device ${name} already exists`);
        continue; // a generated name collided: draw another
      }
      if (res.status >= 400) throw new Error(`cannot create device ${name}: ${res.status} ${JSON.stringify(res.body)}`);
      const { code, expiresAt } = await this.codes.issue(name, password);
      return { name, password, enrolmentCode: code, codeExpiresAt: expiresAt };
    }
    throw new Error('could not find a free device name after 5 attempts');
  }

  /** Every device account, revoked ones included, by name. */
  async list(): Promise<DeviceSummary[]> {
    const q = `startkey=${encodeURIComponent(JSON.stringify(USER_PREFIX))}&endkey=${encodeURIComponent(JSON.stringify(USER_PREFIX + '\ufff0'))}`;
    const res = await this.client.get<{ rows: { doc?: UserDoc }[] }>(`/_users/_all_docs?include_docs=true&${q}`);
    return res.rows
      .map((r) => r.doc)
      .filter((d): d is UserDoc & { device: DeviceInfo } => !!d?.device)
      .map(summary)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One device account; null when there is no such device. */
  async get(name: string): Promise<DeviceSummary | null> {
    const doc = await this.userDoc(name);
    return doc?.device ? summary(doc as UserDoc & { device: DeviceInfo }) : null;
  }

  /**
   * Revokes a device: its roles become `['revoked']` and its password is replaced by a random
   * one nobody knows, so its next request is refused (401) by the embedded server and by
   * CouchDB alike; pending enrolment codes are dropped.
   */
  async revoke(name: string): Promise<DeviceSummary> {
    const doc = await this.userDoc(name);
    if (!doc?.device) throw new DeviceError('not-found', `no device named ${JSON.stringify(name)}`);
    if (!doc.roles.includes(REVOKED_ROLE)) {
      const revoked: UserDoc = { ...doc, roles: [REVOKED_ROLE], password: randomPassword(), device: { ...doc.device, revokedAt: this.now().toISOString() } };
      await this.client.put(docPath('_users', doc._id), revoked);
    }
    await this.codes.revokeAll(name);
    this.onRevoked(name);
    const after = await this.get(name);
    if (!after) throw new DeviceError('not-found', `device ${name} vanished while being revoked`);
    return after;
  }

  /** Exchanges a one-time code for the device's credentials and description. */
  async redeem(code: string): Promise<{ name: string; password: string; site: SiteCode; role: DeviceRole; label: string }> {
    const { name, password } = await this.codes.redeem(code);
    const device = await this.get(name);
    if (!device || device.revoked) throw new DeviceError('not-found', `device ${name} no longer exists or was revoked`);
    return { name, password, site: device.site, role: device.role, label: device.label };
  }
}
