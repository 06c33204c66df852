/**
 * The `manifest` step of the check pipeline: the checks a manifest declares (CommandSpec.checks): the bot's
 * own permissions, DM-only, NSFW, roles, privilege and permission checks inside compositions, the cog's
 * custom predicates, `any` and `all`. A refusal names the kind of check that refused and, where there is
 * something to tell the user, the words; a custom predicate that returns false refuses silently, one that
 * throws CheckFailure refuses with its message.
 */
import type { Privilege } from '../contract/spec.js';
import type { CheckSpec, CommandSpec } from '../contract/spec.js';
import type { LoadedCog } from '../cogs/module.js';
import { CheckFailure } from '../commands/check-failure.js';
import { ALLOWED, refusal, type CheckStep, type RefusalIdentifier } from '../commands/pipeline/steps.js';
import { GUILD_ONLY_MESSAGE } from '../commands/guild-only.js';
import type { Context } from '../context/types.js';
import { joinWords, missingPermissions, permissionLabel } from './discord-permissions.js';
import { refusalMessage, satisfies } from './levels.js';

export const DM_ONLY_MESSAGE = 'This command can only be used in direct messages.';
export const NSFW_MESSAGE = 'This command can only be used in age-restricted (NSFW) channels.';

/** "I need the Embed Links permission to do that." (one or several, by the names users see). */
export function botPermissionsMessage(missing: readonly string[]): string {
  return `I need the ${joinWords(missing.map(permissionLabel))} permission${missing.length > 1 ? 's' : ''} to do that.`;
}

/** The refusal when neither the privilege nor the Discord permissions are held. */
export function permissionsRefusal(required: Privilege, permissions: readonly string[], path: readonly string[]): string {
  if (permissions.length === 0) return refusalMessage(required, path);
  const labels = joinWords(permissions.map(permissionLabel));
  const perm = `the ${labels} permission${permissions.length > 1 ? 's' : ''}`;
  if (required === 'none') return `You need ${perm} to use \`${path.join(' ')}\`.`;
  return refusalMessage(required, path).replace(/ to use `/, ` or have ${perm} to use \``);
}

/** What a check needs beyond the invocation. */
export interface ManifestCheckDeps {
  /** The loaded cog (its custom predicates). */
  cog(name: string): LoadedCog | undefined;
  /** The level someone holds where the invocation runs. */
  privilegeOf(ctx: Context): Promise<Privilege>;
}

/** The verdict of one check: passed, or refused by a kind of check with words for the user (none: silent). */
type Verdict = { ok: true } | { ok: false; identifier: RefusalIdentifier<'manifest'>; message?: string };
const PASS: Verdict = { ok: true };
const refuse = (identifier: RefusalIdentifier<'manifest'>, message?: string): Verdict => ({ ok: false, identifier, message });

/** The `manifest` step: runs `command.checks`, all required. */
export function manifestStep(deps: ManifestCheckDeps): CheckStep<'manifest'> {
  const run = async (check: CheckSpec, ctx: Context, command: CommandSpec, cog: string): Promise<Verdict> => {
    const path = command.path;
    switch (check.kind) {
      case 'all':
        for (const inner of check.checks) {
          const verdict = await run(inner, ctx, command, cog);
          if (!verdict.ok) return verdict;
        }
        return PASS;
      case 'any': {
        let first: Verdict | undefined;
        for (const inner of check.checks) {
          const verdict = await run(inner, ctx, command, cog);
          if (verdict.ok) return PASS;
          if (!first || (first.ok === false && first.message === undefined)) first = verdict;
        }
        return first ?? PASS;
      }
      case 'guildOnly':
        return ctx.guild ? PASS : refuse('guildOnly', GUILD_ONLY_MESSAGE);
      case 'dmOnly':
        return ctx.guild ? refuse('dmOnly', DM_ONLY_MESSAGE) : PASS;
      case 'nsfw':
        return !ctx.guild || isNsfw(ctx.channel) ? PASS : refuse('nsfw', NSFW_MESSAGE);
      case 'botPermissions': {
        const me = ctx.guild?.members.me;
        if (!ctx.guild) return PASS; // in DMs the bot can do what a DM allows
        if (!me) return refuse('botPermissions', botPermissionsMessage(check.permissions));
        const missing = missingPermissions(me, ctx.channel, check.permissions);
        return missing.length === 0 ? PASS : refuse('botPermissions', botPermissionsMessage(missing));
      }
      case 'roles': {
        if (!ctx.member || !ctx.guild) return refuse('guildOnly', GUILD_ONLY_MESSAGE);
        const held = ctx.member.roles.cache;
        if (held.some((role) => check.roles.includes(role.id) || check.roles.includes(role.name))) return PASS;
        return refuse('roles', `You need the ${joinWords(check.roles.map((r) => roleName(ctx, r)))} role${check.roles.length > 1 ? ' (any one)' : ''} to use \`${path.join(' ')}\`.`);
      }
      case 'privilege': {
        const held = await deps.privilegeOf(ctx);
        return satisfies(held, check.privilege) ? PASS : refuse('privilege', refusalMessage(check.privilege, path));
      }
      case 'permissions': {
        if ((await deps.privilegeOf(ctx)) === 'owner') return PASS;
        if (!ctx.member) return refuse('guildOnly', GUILD_ONLY_MESSAGE);
        const missing = missingPermissions(ctx.member, ctx.channel, check.permissions);
        return missing.length === 0 ? PASS : refuse('permissions', permissionsRefusal('none', missing, path));
      }
      case 'predicate': {
        const predicate = deps.cog(cog)?.implementation.checks?.[check.name];
        if (typeof predicate !== 'function') throw new Error(`Cog "${cog}" names the check "${check.name}" but its handlers do not implement it (checks.${check.name}).`);
        return (await predicate(ctx as never)) === true ? PASS : refuse('predicate');
      }
    }
  };
  return {
    name: 'manifest',
    async run(ctx, command, cog) {
      try {
        for (const check of command.checks ?? []) {
          const verdict = await run(check, ctx, command, cog);
          if (!verdict.ok) return refusal('manifest', verdict.identifier, verdict.message ?? null);
        }
      } catch (error) {
        // A predicate that throws CheckFailure decides the whole step, inside `any` too (as a throw does).
        if (error instanceof CheckFailure) return refusal('manifest', 'predicate', error.silent ? null : error.message);
        throw error;
      }
      return ALLOWED;
    },
  };
}

/** Every custom predicate name the commands use (sorted): the cog's handlers must implement them. */
export function predicateNames(commands: readonly CommandSpec[]): string[] {
  const names = new Set<string>();
  const visit = (check: CheckSpec) => {
    if (check.kind === 'predicate') names.add(check.name);
    else if (check.kind === 'any' || check.kind === 'all') check.checks.forEach(visit);
  };
  const walk = (list: readonly CommandSpec[]) => {
    for (const c of list) {
      (c.checks ?? []).forEach(visit);
      walk(c.subcommands);
    }
  };
  walk(commands);
  return [...names].sort();
}

function isNsfw(channel: Context['channel']): boolean {
  if (!channel || channel.isDMBased()) return true;
  if (channel.isThread()) return channel.parent !== null && 'nsfw' in channel.parent && channel.parent.nsfw === true;
  return 'nsfw' in channel && channel.nsfw === true;
}

function roleName(ctx: Context, role: string): string {
  return ctx.guild?.roles.cache.get(role)?.name ?? role;
}
