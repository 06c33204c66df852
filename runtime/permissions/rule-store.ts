/**
 * Where permission rules live and how they join the check pipeline. Rules are kept in the core namespace
 * Config (`permissionRules`: global scope for the owners' rules, guild scope for each guild's), and every
 * change is written to the audit log. `step` is the pipeline's `rules` step, after the `privilege` step.
 */
import { DerivedCache, deepFreeze } from '../config/derived.js';
import type { GuildMember, TextBasedChannel } from 'discord.js';
import type { CommandSpec } from '../contract/spec.js';
import type { Config } from '../config/base.js';
import type { Context } from '../context/types.js';
import { ALLOWED, refusal, type CheckStep } from '../commands/pipeline/steps.js';
import type { Privilege } from './levels.js';
import type { AuditLog } from './audit-log.js';
import { codeSpan, decide, emptyRuleSet, explainDecision, sameRuleSet, type RuleCommand, type RuleDecision, type RuleFacts, type RuleScope, type RuleSet, type RuleTarget } from './rules.js';

/** The cog whose commands manage rules: the guild owner can never be locked out of it. */
export const PERMISSIONS_COG = 'permissions';

export interface RuleStoreOptions {
  /** The core namespace Config (available once storage is open). */
  config(): Config;
  /** The level a command needs (cog's and own), and the level someone holds here. */
  required(cog: string, command: CommandSpec): Privilege;
  isOwner(userId: string): Promise<boolean>;
  /** Where rule changes are recorded. */
  audit: AuditLog;
  /** True when a cog of that name is loaded. */
  cogExists(name: string): boolean;
  /** The command the words name (as the dispatcher resolves them), with how many words it took. */
  findCommand(words: readonly string[]): { cog: string; command: CommandSpec; consumed: number } | undefined;
}

/** Who changed rules and how, for the audit log (the guild comes from the scope). */
export interface RuleAudit {
  actorId: string;
  /** `rules.add`, `rules.remove`, `rules.default`, `rules.clear`, `rules.import`. */
  action: string;
  /** The change in words; a function is called after the change (when it depends on what was found). */
  detail: string | (() => string);
}

/** Why an invocation was allowed or refused by rules, for the check and `permissions canrun`. */
export interface RuleVerdict {
  allowed: boolean;
  /** In words: an exemption, or the rule that decided, or that none did. */
  reason: string;
  decision: RuleDecision;
}

export class RuleStore {
  private registered: Config | undefined;
  private readonly memo = new DerivedCache<RuleSet>(() => this.options.config());

  constructor(private readonly options: RuleStoreOptions) {}

  /**
   * What `text` names: a loaded cog, or a command path (aliases resolved); `cog:name` and `command:path`
   * say which when a cog and a command share a name. A message when it names nothing, or both.
   */
  resolveTarget(text: string): { target: RuleTarget; cog: string; command?: CommandSpec } | { error: string; ambiguous?: true } {
    const explicit = /^\s*(cog|command):\s*(.*)$/i.exec(text);
    const kind = explicit ? (explicit[1]!.toLowerCase() as 'cog' | 'command') : undefined;
    const words = (explicit ? explicit[2]! : text).trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) return { error: 'Name a cog or a command.' };
    const found = kind === 'cog' ? undefined : this.options.findCommand(words);
    const command = found && found.consumed === words.length ? found : undefined;
    const cog = kind !== 'command' && words.length === 1 && this.options.cogExists(words[0]!) ? words[0]! : undefined;
    if (command && cog) return { error: `\`${cog}\` is both a cog and a command: write \`cog:${cog}\` or \`command:${cog}\`.`, ambiguous: true };
    if (command) return { target: { kind: 'command', path: command.command.path.join(' ') }, cog: command.cog, command: command.command };
    if (cog) return { target: { kind: 'cog', name: cog }, cog };
    return { error: `There is no loaded ${kind ?? 'cog or command'} named ${codeSpan(words.join(' '))}.` };
  }

  /**
   * The targets `text` can name when nothing loaded answers to it (a cog or command since unloaded), in
   * the order to try: with `cog:` or `command:` only that one; else the command path, then the cog.
   */
  writtenTargets(text: string): RuleTarget[] {
    const written = /^\s*(cog|command):\s*(.*)$/i.exec(text);
    const name = (written ? written[2]! : text).trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0).join(' ');
    if (name === '') return [];
    const kind = written?.[1]!.toLowerCase();
    const out: RuleTarget[] = [];
    if (kind !== 'cog') out.push({ kind: 'command', path: name });
    if (kind !== 'command' && !name.includes(' ')) out.push({ kind: 'cog', name });
    return out;
  }

  /**
   * The rules of a scope, frozen: read once and reused until the core namespace changes (every command
   * asks; see DerivedCache). Change them with `update`.
   */
  async get(scope: RuleScope): Promise<RuleSet> {
    return this.memo.get(scope === 'global' ? 'global' : scope.guild, async () => {
      const value = (await this.group(scope).getAttr('permissionRules')()) as RuleSet | null;
      return deepFreeze(value && Array.isArray(value.rules) && Array.isArray(value.defaults) ? everyoneRole(scope, value) : emptyRuleSet());
    });
  }

  /**
   * Replaces a scope's rules through `change` (atomically per scope) and writes the audit entry. `change`
   * sees the rules as `get` reads them (a server rule stored about the server's id as a role is the
   * everyone rule it means), so what it removes or replaces is what the check matches. Nothing is written,
   * not even the audit entry, when the change leaves the rules as they were; `changed` says which.
   */
  async update(scope: RuleScope, change: (set: RuleSet) => RuleSet, audit: RuleAudit): Promise<{ set: RuleSet; changed: boolean }> {
    let next = emptyRuleSet();
    let changed = false;
    await this.group(scope).getAttr('permissionRules').update((value: unknown) => {
      const stored = value && typeof value === 'object' ? (value as RuleSet) : emptyRuleSet();
      const current = everyoneRole(scope, { rules: Array.isArray(stored.rules) ? stored.rules : [], defaults: Array.isArray(stored.defaults) ? stored.defaults : [] });
      next = change(current);
      changed = !sameRuleSet(current, next);
      if (!changed) next = current;
      return (changed ? next : value) as never;
    });
    if (changed) {
      const detail = typeof audit.detail === 'function' ? audit.detail() : audit.detail;
      await this.options.audit.record({ ...audit, detail, guildId: scope === 'global' ? null : scope.guild });
    }
    return { set: next, changed };
  }

  /**
   * Removes every rule, global and in every guild, whose subject is the user (a data request for a deleted
   * Discord account). Each scope that changed gets an audit entry by `actorId` (the bot) that does not name
   * the user. Returns how many rules went.
   */
  async forgetUser(userId: string, actorId: string | null): Promise<number> {
    const config = this.options.config();
    this.group('global'); // registers the defaults on this Config
    const guilds = Object.entries(await config.allGuilds()).filter(([, doc]) => {
      const rules = (doc as { permissionRules?: RuleSet | null } | null)?.permissionRules;
      return Array.isArray(rules?.rules) && rules.rules.some((r) => r.subject?.kind === 'user' && r.subject.id === userId);
    });
    let total = 0;
    for (const scope of ['global', ...guilds.map(([id]) => ({ guild: id }))] as RuleScope[]) {
      let removed = 0;
      await this.group(scope).getAttr('permissionRules').update((value: unknown) => {
        const current = value && typeof value === 'object' ? (value as RuleSet) : null;
        if (!current || !Array.isArray(current.rules)) return value as never;
        const rules = current.rules.filter((r) => !(r.subject?.kind === 'user' && r.subject.id === userId));
        removed = current.rules.length - rules.length;
        return (removed > 0 ? { ...current, rules } : current) as never;
      });
      if (removed > 0 && actorId) {
        await this.options.audit.record({ actorId, action: 'rules.remove', detail: `removed ${removed} rule(s) about a deleted Discord account (data request)`, guildId: scope === 'global' ? null : scope.guild });
      }
      total += removed;
    }
    return total;
  }

  /** The privilege `command` of `cog` needs (its cog's and its own, the higher). */
  requiredPrivilege(cog: string, command: CommandSpec): Privilege {
    return this.options.required(cog, command);
  }

  /**
   * What the rules say about `command` of `cog` for this invocation, with exemptions applied first. With
   * `instead`, that set stands for the rules of its scope: what they would say after a change (the
   * lock-out guard of server rule changes asks it about the person making the change).
   */
  async verdict(cog: string, command: CommandSpec, who: RuleSubjectFacts, instead?: { scope: RuleScope; set: RuleSet }): Promise<RuleVerdict> {
    const none: RuleDecision = { decided: false };
    // Owner-only stays owner-only: the privilege check alone decides it, no rule opens or closes it.
    if (this.options.required(cog, command) === 'owner') return { allowed: true, reason: 'It is owner-only: only the bot owner check decides, rules do not apply.', decision: none };
    if (await this.options.isOwner(who.userId)) return { allowed: true, reason: 'Bot owners are not bound by permission rules.', decision: none };
    if (cog === PERMISSIONS_COG && who.guildOwnerId !== null && who.guildOwnerId === who.userId) {
      return { allowed: true, reason: 'The server owner can always manage permission rules (no lock-out).', decision: none };
    }
    const facts = factsOf(who);
    const [stored, storedGuild] = await Promise.all([this.get('global'), facts.guildId ? this.get({ guild: facts.guildId }) : Promise.resolve(undefined)]);
    const global = instead?.scope === 'global' ? instead.set : stored;
    const guild = instead && instead.scope !== 'global' && instead.scope.guild === facts.guildId ? instead.set : storedGuild;
    const decision = decide({ cog, path: command.path } satisfies RuleCommand, facts, global, guild);
    return { allowed: !decision.decided || decision.allowed, reason: explainDecision(decision), decision };
  }

  /** The `rules` step: a denying rule refuses with a message; `detail` names the rule that decided. */
  readonly step: CheckStep<'rules'> = {
    name: 'rules',
    run: async (ctx: Context, command: CommandSpec, cog: string) => {
      const verdict = await this.verdict(cog, command, {
        userId: ctx.author.id,
        member: ctx.member,
        guildId: ctx.guild?.id ?? null,
        guildOwnerId: ctx.guild?.ownerId ?? null,
        channel: ctx.channel,
      });
      if (verdict.allowed) return ALLOWED;
      return refusal('rules', 'ruleDenied', `You may not use \`${command.path.join(' ')}\` here: a permission rule denies it.`, verdict.reason);
    },
  };

  private group(scope: RuleScope) {
    // One JSON value per scope (null: no rules yet). Registered on each new core Config (a restart makes one).
    const config = this.options.config();
    if (this.registered !== config) {
      config.registerGlobal({ permissionRules: null });
      config.registerGuild({ permissionRules: null });
      this.registered = config;
    }
    return scope === 'global' ? config.global : config.guildFromId(scope.guild);
  }
}

/** Who invokes where, as the rules need it. */
export interface RuleSubjectFacts {
  userId: string;
  member: GuildMember | null;
  guildId: string | null;
  guildOwnerId: string | null;
  channel: TextBasedChannel | null;
}

/**
 * A guild's rules as read from storage, where a rule about the guild's own id as a role (its @everyone
 * role, stored before that was understood) is the `guild` subject it means.
 */
function everyoneRole(scope: RuleScope, set: RuleSet): RuleSet {
  if (scope === 'global' || !set.rules.some((r) => r.subject.kind === 'role' && r.subject.id === scope.guild)) return set;
  return { ...set, rules: set.rules.map((r) => (r.subject.kind === 'role' && r.subject.id === scope.guild ? { ...r, subject: { kind: 'guild', id: scope.guild } } : r)) };
}

/** The facts rules match: user, channel (a thread counts as its parent), category, roles highest first. */
export function factsOf(who: { userId: string; member: GuildMember | null; guildId: string | null; channel: TextBasedChannel | null }): RuleFacts {
  const channel = who.channel as (TextBasedChannel & { parentId?: string | null; isThread?: () => boolean; parent?: { parentId?: string | null } | null }) | null;
  let channelId: string | null = channel?.id ?? null;
  let categoryId: string | null = channel?.parentId ?? null;
  if (channel?.isThread?.()) {
    channelId = channel.parentId ?? channelId;
    categoryId = channel.parent?.parentId ?? null;
  }
  const roles = who.member
    ? [...who.member.roles.cache.values()].filter((r) => r.id !== who.guildId).sort((a, b) => b.position - a.position).map((r) => r.id)
    : [];
  return { userId: who.userId, guildId: who.guildId, channelId: who.guildId ? channelId : null, categoryId: who.guildId ? categoryId : null, roles };
}
