/**
 * Manifest checks besides `privilege`: `permissions`, `botPermissions`, `dmOnly`, `nsfw`, `roles` and
 * `checks` (custom predicates, `any` / `all`). Like privileges they are inherited: a command's effective
 * checks are its cog's, then each parent group's, then its own, and all of them must pass, so a group's
 * checks cover every subcommand and a subcommand can only add to them.
 */
import type { CheckSpec, CommandSpec } from '../../runtime/contract/spec.js';
import type { CheckManifest, CogManifest, CommandManifest, SubcommandManifest } from '../manifest.js';

/** The fields of a cog, command or subcommand that declare checks. */
type Declaring = Pick<CogManifest, 'permissions' | 'botPermissions' | 'dmOnly' | 'nsfw' | 'roles' | 'checks'>;

/** One check of the manifest, normalized. */
export function checkSpecOf(check: CheckManifest): CheckSpec {
  if (typeof check === 'string') return { kind: 'predicate', name: check };
  if ('any' in check) return { kind: 'any', checks: check.any.map(checkSpecOf) };
  if ('all' in check) return { kind: 'all', checks: check.all.map(checkSpecOf) };
  if ('privilege' in check) return { kind: 'privilege', privilege: check.privilege };
  if ('permissions' in check) return { kind: 'permissions', permissions: [...check.permissions] };
  if ('botPermissions' in check) return { kind: 'botPermissions', permissions: [...check.botPermissions] };
  if ('roles' in check) return { kind: 'roles', roles: [...check.roles] };
  if ('nsfw' in check) return { kind: 'nsfw' };
  if ('dmOnly' in check) return { kind: 'dmOnly' };
  return { kind: 'guildOnly' };
}

/** The checks one node declares itself (not `permissions`, which pairs with the privilege). */
function ownChecks(node: Declaring): CheckSpec[] {
  const out: CheckSpec[] = [];
  if (node.botPermissions) out.push({ kind: 'botPermissions', permissions: [...node.botPermissions] });
  if (node.dmOnly) out.push({ kind: 'dmOnly' });
  if (node.nsfw) out.push({ kind: 'nsfw' });
  if (node.roles) out.push({ kind: 'roles', roles: [...node.roles] });
  for (const check of node.checks ?? []) out.push(checkSpecOf(check));
  return out;
}

/** Sets `checks` and `permissions` on every spec of the tree, inherited from the cog and parent groups. */
export function applyChecks(specs: CommandSpec[], manifest: CogManifest): void {
  const walk = (list: CommandSpec[], declared: readonly (CommandManifest | SubcommandManifest)[], checks: CheckSpec[], permissions: string[]) => {
    list.forEach((spec, i) => {
      const node = declared[i] ?? {};
      const effective = [...checks, ...ownChecks(node)];
      const perms = [...new Set([...permissions, ...(node.permissions ?? [])])];
      if (effective.length > 0) spec.checks = effective;
      if (perms.length > 0) spec.permissions = perms;
      walk(spec.subcommands, node.subcommands ?? [], effective, perms);
    });
  };
  walk(specs, manifest.commands ?? [], ownChecks(manifest), [...(manifest.permissions ?? [])]);
}

export { predicateNames } from '../../runtime/permissions/manifest-checks.js';
