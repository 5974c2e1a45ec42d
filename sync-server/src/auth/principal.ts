import { DEVICE_ROLES, SITE_CODES, type DeviceRole, type SiteCode } from '../../../src/lib/domain/common';

/** Who made a request, once authenticated. */
export interface Principal {
  name: string;
  roles: string[];
}

export const ADMIN_ROLE = '_admin';
export const REVOKED_ROLE = 'revoked';

export const isAdmin = (p: Principal | null | undefined): boolean => !!p && p.roles.includes(ADMIN_ROLE);

/** The device role carried by a user's roles (a device has exactly one), if any. */
export function deviceRoleOf(roles: readonly string[]): DeviceRole | null {
  if (roles.includes(REVOKED_ROLE)) return null;
  return DEVICE_ROLES.find((r) => roles.includes(r)) ?? null;
}

/** The site of a device, from its `site:<code>` role. */
export function siteOf(roles: readonly string[]): SiteCode | null {
  for (const role of roles) {
    const code = role.startsWith('site:') ? role.slice(5) : '';
    if ((SITE_CODES as readonly string[]).includes(code)) return code as SiteCode;
  }
  return null;
}

/** The `userCtx` CouchDB and PouchDB plugins expect. */
export const userCtxOf = (p: Principal) => ({ name: p.name, roles: [...p.roles] });
