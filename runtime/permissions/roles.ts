/**
 * Admin and mod roles per guild (several of each), kept in Config under the core namespace `Core`, guild
 * scope: `adminRoles` and `modRoles`, lists of role ids. The core cog's `set adminrole/modrole` commands
 * call this API.
 */
import { Config } from '../config/base.js';
import type { ConfigDriver } from '../drivers/types.js';

/** The core namespace (shared with runtime/context/core-settings.ts; cog names are lower case, so no cog collides). */
const CORE = { cogName: 'Core', identifier: 0 } as const;

export type PrivilegeRoleKind = 'admin' | 'mod';

const FIELD: Record<PrivilegeRoleKind, string> = { admin: 'adminRoles', mod: 'modRoles' };

/** The Config of the core namespace with the privilege and data-request defaults registered. */
export function corePrivilegeConfig(driver: ConfigDriver | undefined): Config {
  const config = Config.getConf({ ...CORE, driver });
  config.registerGuild({ adminRoles: [], modRoles: [] });
  // Red's defaults: users may ask for deletion, and such requests are strict.
  config.registerGlobal({ dataRequests: { allowUserRequests: true, userRequestsAreStrict: true } });
  return config;
}

export class PrivilegeRoles {
  constructor(private readonly config: Config) {}

  /** Role ids that make a member an admin (or a mod) in the guild. */
  async list(kind: PrivilegeRoleKind, guildId: string): Promise<string[]> {
    const ids = await this.config.guildFromId(guildId).getAttr(FIELD[kind])();
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  }

  /** Adds a role; returns false when it was already there. */
  async add(kind: PrivilegeRoleKind, guildId: string, roleId: string): Promise<boolean> {
    checkId(roleId);
    let added = false;
    await this.config.guildFromId(guildId).getAttr(FIELD[kind]).update((ids: unknown) => {
      const list = Array.isArray(ids) ? (ids as string[]) : [];
      if (list.includes(roleId)) return list;
      added = true;
      return [...list, roleId];
    });
    return added;
  }

  /** Removes a role; returns false when it was not there. */
  async remove(kind: PrivilegeRoleKind, guildId: string, roleId: string): Promise<boolean> {
    let removed = false;
    await this.config.guildFromId(guildId).getAttr(FIELD[kind]).update((ids: unknown) => {
      const list = Array.isArray(ids) ? (ids as string[]) : [];
      removed = list.includes(roleId);
      return list.filter((id) => id !== roleId);
    });
    return removed;
  }
}

function checkId(id: string): void {
  if (typeof id !== 'string' || !/^\d{1,21}$/.test(id)) throw new TypeError(`A role id is a Discord id (digits), got ${JSON.stringify(id)}`);
}
