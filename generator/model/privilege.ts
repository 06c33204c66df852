/**
 * Effective privileges: a command needs the highest of its cog's, its parent groups' and its own declared
 * level, so a group's privilege covers every subcommand and no subcommand can lower it.
 */
import { PRIVILEGES } from '../../runtime/contract/enums.js';
import type { CommandSpec, Privilege, UserDataSpec } from '../../runtime/contract/spec.js';
import type { CogManifest, CommandManifest, SubcommandManifest, UserDataManifest } from '../manifest.js';

const ORDER: readonly Privilege[] = PRIVILEGES;

/** The higher of two levels. */
export function higherPrivilege(a: Privilege, b: Privilege): Privilege {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** Sets `privilege` on every spec of the tree (left out where it is `none`), walking the manifest alongside. */
export function applyPrivileges(specs: CommandSpec[], manifest: CogManifest): void {
  const walk = (list: CommandSpec[], declared: readonly (CommandManifest | SubcommandManifest)[], inherited: Privilege) => {
    list.forEach((spec, i) => {
      const level = higherPrivilege(inherited, declared[i]?.privilege ?? 'none');
      if (level !== 'none') spec.privilege = level;
      walk(spec.subcommands, declared[i]?.subcommands ?? [], level);
    });
  };
  walk(specs, manifest.commands ?? [], manifest.privilege ?? 'none');
}

/** The runtime's UserDataSpec for a manifest's `userData` (undefined when it declares none). */
export function buildUserDataSpec(userData: UserDataManifest | undefined): UserDataSpec | undefined {
  if (!userData) return undefined;
  return {
    scopes: [...(userData.scopes ?? [])],
    custom: (userData.custom ?? []).map((c) => (c.userKey !== undefined ? { group: c.group, userKey: c.userKey } : { group: c.group, userField: c.userField! })),
  };
}
