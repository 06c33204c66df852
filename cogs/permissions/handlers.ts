/**
 * Handlers of the `permissions` cog: allow/deny rules at server scope (admins) and global scope (bot
 * owners). The rules, their precedence and the check live in runtime/permissions (rules.ts, RULES.md,
 * rule-store.ts, reached through `servicesOf(ctx.client).rules`); these handlers parse, explain and answer.
 */
import type { Guild } from 'discord.js';
import type { PermissionsCog } from '../../generated/cogs/permissions/index.js';
import type { Context } from '../../runtime/context/types.js';
import type { RuleStore } from '../../runtime/permissions/rule-store.js';
import { describeTarget, emptyRuleSet, withDefault, withoutRule, withRule, type Effect, type RuleScope } from '../../runtime/permissions/rules.js';
import { parseRulesYaml, rulesToYaml, RulesYamlError } from '../../runtime/permissions/rules-yaml.js';
import { servicesOf } from '../../runtime/services.js';
import { parseSubject, subjectWords } from './subject.js';

/** The largest rules file read from an attachment. */
const MAX_YAML_BYTES = 64 * 1024;

/** The precedence in words (RULES.md says the same at length). */
export const PRECEDENCE = [
  'Permission rules are checked after the privilege level a command needs: a rule can refuse a command, never lift its level. Bot owners are not bound by rules, owner-only commands are decided by the owner check alone, and the server owner can always use the `permissions` commands.',
  'To decide, look at the command first: its full path (`team add`), then each group above it (`team`), then its cog. The first of these that any rule or default applies to decides; a subcommand\'s rule always beats its group\'s, and a command\'s beats its cog\'s.',
  'For that one target: global rules (set by bot owners), then this server\'s rules, each in the order user, channel, category, role (highest first), everyone; then this server\'s default, then the global default.',
  'If nothing applies anywhere, the command\'s own checks decide.',
].join('\n\n');

function store(ctx: Context): RuleStore {
  const rules = servicesOf(ctx.client).rules;
  if (!rules) throw new Error('This bot has no permission rules service.');
  return rules;
}

/** The guild of a server-scope command, or null after telling the user it needs one. */
async function needGuild(ctx: Context): Promise<Guild | null> {
  if (ctx.guild) return ctx.guild;
  await ctx.reply({ content: 'This command works only in a server.', ephemeral: true });
  return null;
}

async function addRule(ctx: Context, scope: RuleScope, guild: Guild | null, effect: Effect, who: string, targetText: string): Promise<void> {
  const rules = store(ctx);
  const subject = await parseSubject(who, guild);
  if ('error' in subject) return void (await ctx.reply({ content: subject.error, ephemeral: true }));
  if (scope === 'global' && subject.kind === 'guild') return void (await ctx.reply({ content: 'A global rule is about a user, role, channel or category, not `everyone`.', ephemeral: true }));
  const resolved = rules.resolveTarget(targetText);
  if ('error' in resolved) return void (await ctx.reply({ content: resolved.error, ephemeral: true }));
  const words = `${effect} ${describeTarget(resolved.target)} for ${subjectWords(subject)}`;
  await rules.update(scope, (set) => withRule(set, { effect, target: resolved.target, subject }), { actorId: ctx.author.id, action: 'rules.add', detail: `${scope === 'global' ? 'global' : 'server'} rule: ${words}` });
  await ctx.reply({ content: `Rule added: ${words}.` });
}

async function removeRule(ctx: Context, scope: RuleScope, guild: Guild | null, who: string, targetText: string): Promise<void> {
  const rules = store(ctx);
  const subject = await parseSubject(who, guild);
  if ('error' in subject) return void (await ctx.reply({ content: subject.error, ephemeral: true }));
  const resolved = rules.resolveTarget(targetText);
  if ('ambiguous' in resolved) return void (await ctx.reply({ content: resolved.error, ephemeral: true }));
  // A rule about something since unloaded can still be removed by its written name (a command path, else a cog).
  const written = /^\s*(cog|command):\s*(.*)$/i.exec(targetText);
  const name = (written ? written[2]! : targetText).trim().toLowerCase().split(/\s+/).join(' ');
  const target = 'error' in resolved ? (written?.[1]!.toLowerCase() === 'cog' ? { kind: 'cog' as const, name } : { kind: 'command' as const, path: name }) : resolved.target;
  let removed = false;
  const words = `${describeTarget(target)} for ${subjectWords(subject)}`;
  await rules.update(
    scope,
    (set) => {
      const out = withoutRule(set, target, subject);
      if (!out.removed && 'error' in resolved && !written) {
        const asCog = withoutRule(set, { kind: 'cog', name }, subject);
        removed = asCog.removed;
        return asCog.set;
      }
      removed = out.removed;
      return out.set;
    },
    { actorId: ctx.author.id, action: 'rules.remove', detail: `${scope === 'global' ? 'global' : 'server'} rule removed: ${words}` },
  );
  await ctx.reply({ content: removed ? `Rule removed: ${words}.` : `There was no rule about ${words}.` });
}

async function setDefault(ctx: Context, scope: RuleScope, effect: Effect | 'clear', targetText: string): Promise<void> {
  const rules = store(ctx);
  const resolved = rules.resolveTarget(targetText);
  if ('error' in resolved) return void (await ctx.reply({ content: resolved.error, ephemeral: true }));
  const value = effect === 'clear' ? null : effect;
  const words = `${scope === 'global' ? 'global' : 'server'} default for ${describeTarget(resolved.target)}: ${value ?? 'cleared'}`;
  await rules.update(scope, (set) => withDefault(set, resolved.target, value), { actorId: ctx.author.id, action: 'rules.default', detail: words });
  await ctx.reply(`The ${words}.`);
}

async function clearRules(ctx: Context, scope: RuleScope): Promise<void> {
  let count = 0;
  await store(ctx).update(scope, (set) => ((count = set.rules.length + set.defaults.length), emptyRuleSet()), { actorId: ctx.author.id, action: 'rules.clear', detail: `cleared every ${scope === 'global' ? 'global' : 'server'} rule and default` });
  await ctx.reply(`Removed ${count} ${scope === 'global' ? 'global' : 'server'} rule(s) and default(s).`);
}

async function getYaml(ctx: Context, scope: RuleScope): Promise<void> {
  const set = await store(ctx).get(scope);
  const name = scope === 'global' ? 'global-rules.yaml' : `server-rules-${scope.guild}.yaml`;
  await ctx.reply({ content: `${set.rules.length} rule(s) and ${set.defaults.length} default(s).`, files: [{ attachment: Buffer.from(rulesToYaml(set), 'utf8'), name }], ephemeral: true });
}

/** The YAML text of an attachment or of a code block (```yaml … ```); a message when neither is usable. */
async function yamlInput(options: { file?: { url: string; size: number; name: string }; yaml?: string }): Promise<{ file: string; text: string } | { error: string }> {
  if (options.file) {
    if (options.file.size > MAX_YAML_BYTES) return { error: `The file is ${options.file.size} bytes; rules files are at most ${MAX_YAML_BYTES}.` };
    try {
      const response = await fetch(options.file.url);
      if (!response.ok) return { error: `Could not download the file (HTTP ${response.status}).` };
      return { file: options.file.name, text: await response.text() };
    } catch {
      return { error: 'Could not download the file.' };
    }
  }
  if (options.yaml) {
    const block = /```(?:ya?ml)?\s*\n([\s\S]*?)```/i.exec(options.yaml);
    return { file: 'message', text: block ? block[1]! : options.yaml };
  }
  return { error: 'Attach a YAML file or put the rules in a ```yaml code block```.' };
}

async function setYaml(ctx: Context, scope: RuleScope, options: Parameters<typeof yamlInput>[0]): Promise<void> {
  const input = await yamlInput(options);
  if ('error' in input) return void (await ctx.reply({ content: input.error, ephemeral: true }));
  let set;
  try {
    set = parseRulesYaml(input.file, input.text, scope === 'global' ? null : scope.guild);
  } catch (error) {
    if (!(error instanceof RulesYamlError)) throw error;
    // Nothing is written when any entry is wrong.
    return void (await ctx.reply({ content: `No rules were changed. Problems:\n${error.message}`.slice(0, 2000), ephemeral: true }));
  }
  const rules = store(ctx);
  const unknown = [...set.rules.map((r) => r.target), ...set.defaults.map((d) => d.target)].filter((t) => 'error' in rules.resolveTarget(t.kind === 'cog' ? t.name : t.path));
  await rules.update(scope, () => set, { actorId: ctx.author.id, action: 'rules.import', detail: `replaced the ${scope === 'global' ? 'global' : 'server'} rules from YAML: ${set.rules.length} rule(s), ${set.defaults.length} default(s)` });
  const note = unknown.length > 0 ? `\nNot loaded now (kept anyway): ${[...new Set(unknown.map(describeTarget))].join(', ')}.` : '';
  await ctx.reply({ content: `Rules replaced: ${set.rules.length} rule(s) and ${set.defaults.length} default(s).${note}`.slice(0, 2000) });
}

export default {
  commands: {
    permissionsExplain: async (ctx) => {
      await ctx.reply(PRECEDENCE);
    },
    permissionsCanrun: async (ctx, options) => {
      const guild = await needGuild(ctx);
      if (!guild) return;
      const rules = store(ctx);
      const resolved = rules.resolveTarget(options.command);
      if ('error' in resolved) return void (await ctx.reply({ content: resolved.error, ephemeral: true }));
      if (!resolved.command) return void (await ctx.reply({ content: `\`${resolved.cog}\` is a cog; name one of its commands.`, ephemeral: true }));
      const member = options.member;
      const path = resolved.command.path.join(' ');
      const refusal = await servicesOf(ctx.client).privileges.refusal({ user: member.user, member, guild, cog: { privilege: rules.requiredPrivilege(resolved.cog, resolved.command) }, command: resolved.command, channel: ctx.channel });
      if (refusal !== null) {
        return void (await ctx.reply({ content: `No: ${member.user.username} cannot run \`${path}\` here. The privilege check decided: ${refusal}` }));
      }
      const verdict = await rules.verdict(resolved.cog, resolved.command, { userId: member.id, member, guildId: guild.id, guildOwnerId: guild.ownerId, channel: ctx.channel });
      const answer = verdict.allowed ? `Yes: ${member.user.username} can run \`${path}\` here.` : `No: ${member.user.username} cannot run \`${path}\` here.`;
      await ctx.reply({ content: `${answer} ${verdict.reason}` });
    },
    permissionsAddserverrule: async (ctx, options) => {
      const guild = await needGuild(ctx);
      if (guild) await addRule(ctx, { guild: guild.id }, guild, options.effect, options.who, options.target);
    },
    permissionsRemoveserverrule: async (ctx, options) => {
      const guild = await needGuild(ctx);
      if (guild) await removeRule(ctx, { guild: guild.id }, guild, options.who, options.target);
    },
    permissionsSetdefaultserverrule: async (ctx, options) => {
      const guild = await needGuild(ctx);
      if (guild) await setDefault(ctx, { guild: guild.id }, options.effect, options.target);
    },
    permissionsClearserverrules: async (ctx) => {
      const guild = await needGuild(ctx);
      if (guild) await clearRules(ctx, { guild: guild.id });
    },
    permissionsAddglobalrule: async (ctx, options) => {
      await addRule(ctx, 'global', ctx.guild, options.effect, options.who, options.target);
    },
    permissionsRemoveglobalrule: async (ctx, options) => {
      await removeRule(ctx, 'global', ctx.guild, options.who, options.target);
    },
    permissionsSetdefaultglobalrule: async (ctx, options) => {
      await setDefault(ctx, 'global', options.effect, options.target);
    },
    permissionsClearglobalrules: async (ctx) => {
      await clearRules(ctx, 'global');
    },
    permissionsAclGetserver: async (ctx) => {
      const guild = await needGuild(ctx);
      if (guild) await getYaml(ctx, { guild: guild.id });
    },
    permissionsAclSetserver: async (ctx, options) => {
      const guild = await needGuild(ctx);
      if (guild) await setYaml(ctx, { guild: guild.id }, options);
    },
    permissionsAclGetglobal: async (ctx) => {
      await getYaml(ctx, 'global');
    },
    permissionsAclSetglobal: async (ctx, options) => {
      await setYaml(ctx, 'global', options);
    },
  },
} satisfies PermissionsCog;
