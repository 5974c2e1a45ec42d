import type { Request, Response } from 'express';
import { z } from 'zod';
import { DEVICE_ROLES, SITE_CODES } from '../../../src/lib/domain/common';
import { deviceRoleOf, isAdmin, type Principal, REVOKED_ROLE, siteOf } from '../auth/principal';
import { HttpError, badRequest, forbidden } from '../errors';
import type { DevicesService } from '../services/devices';

const enrolBody = z.object({ code: z.string().trim().min(1).max(40) });
const createBody = z.object({
  label: z.string().trim().min(1).max(80),
  site: z.enum(SITE_CODES),
  role: z.enum(DEVICE_ROLES),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional()
});

/** Parses a request body with a zod schema; a failure is a 400 naming the first bad field. */
function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw badRequest(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
}

const principalOf = (res: Response) => res.locals.principal as Principal;

function requireCoordinator(res: Response): void {
  const p = principalOf(res);
  if (!isAdmin(p) && deviceRoleOf(p.roles) !== 'coordinator') throw forbidden('only a coordinator or the server admin may manage devices');
}

/** The thin handlers of the app API: parse, call the devices service, answer. */
export function controllers(devices: DevicesService) {
  return {
    /** GET /api/me: who this device is. */
    async me(_req: Request, res: Response) {
      const p = principalOf(res);
      const device = isAdmin(p) ? null : await devices.get(p.name);
      res.json({
        name: p.name,
        roles: p.roles,
        site: device?.site ?? siteOf(p.roles),
        role: device?.role ?? deviceRoleOf(p.roles),
        label: device?.label ?? p.name,
        revoked: p.roles.includes(REVOKED_ROLE)
      });
    },

    /** POST /api/enrol {code}: the device's credentials, once. */
    async enrol(req: Request, res: Response) {
      const { code } = parse(enrolBody, req.body);
      res.json(await devices.redeem(code));
    },

    /** GET /api/devices */
    async list(_req: Request, res: Response) {
      requireCoordinator(res);
      res.json({ devices: await devices.list() });
    },

    /** POST /api/devices {label, site, role, name?} */
    async create(req: Request, res: Response) {
      requireCoordinator(res);
      const input = parse(createBody, req.body);
      res.status(201).json(await devices.create(input));
    },

    /** POST /api/devices/:name/revoke */
    async revoke(req: Request, res: Response) {
      requireCoordinator(res);
      const name = String(req.params.name ?? '');
      if (name === principalOf(res).name) throw new HttpError(409, 'conflict', 'a device cannot revoke itself');
      res.json(await devices.revoke(name));
    }
  };
}
