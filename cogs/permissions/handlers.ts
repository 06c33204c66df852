/**
 * Handlers of the `permissions` cog: allow/deny rules at server scope (the server owner and members with
 * Administrator) and global scope (bot owners). The rules, their precedence and the check live in
 * runtime/permissions (rules.ts, RULES.md, rule-store.ts, reached through `servicesOf(ctx.client).rules`);
 * these handlers parse, explain and answer.
 */
import { escapeMarkdown, type Guild, type GuildMember } from 'discord.js';
import type { PermissionsCog } from '../../generated/cogs/permissions/index.js';
import type { CommandSpec } from '../../runtime/contract/spec.js';
import { CheckStepError } from '../../runtime/commands/check-failure.js';
import type { CheckStepName, Refusal } from '../../runtime/commands/pipeline/steps.js';
import type { Context } from '../../runtime/context/types.js';
import { PERMISSIONS_COG, type RuleAudit, type RuleStore } from '../../runtime/permissions/rule-store.js';
import { codeSpan, describeTarget, emptyRuleSet, sameRuleSet, sameTarget, withDefault, withoutSubjectId, withRule, type Effect, type Rule, type RuleScope, type RuleSet, type RuleTarget } from '../../runtime/permissions/rules.js';
import { EmptyRulesYamlError, parseRulesYamlLookingUp, rulesToYaml, RulesYamlError } from '../../runtime/permissions/rules-yaml.js';
import { servicesOf } from '../../runtime/services.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { lookUpSubject, parseSubject, subjectIdOf, subjectWords } from './subject.js';

/** The largest rules file read from an attachment. */
const MAX_YAML_BYTES = 64 * 1024;
/** Discord's limit on a message's length. */
const MESSAGE_LIMIT = 2000;

/** The precedence in words (RULES.md says the same at length). */
export const PRECEDENCE = [
  'Permission rules are checked after the privilege level a command needs: a rule can refuse a command, never lift its level. Bot owners are not bound by rules, owner-only commands are decided by the owner check alone, and the server owner can always use the `permissions` commands.',
  'To decide, look at the command first: its full path (`team add`), then each group above it (`team`), then its cog. The first of these that any rule or default applies to decides; a subcommand\'s rule always beats its group\'s, and a command\'s beats its cog\'s.',
  'For that one target: global rules (set by bot owners), then this server\'s rules, each in the order user, channel, category, role (highest first), everyone (in global rules: everyone in one named server); then this server\'s default, then the global default.',
  'If nothing applies anywhere, the command\'s own checks decide.',
].join('\n\n');

function store(ctx: Context): RuleStore {
  const rules = servicesOf(ctx.client).rules;
  if (!rules) throw new Error('This bot has no permission rules service.');
  return rules;
}

const scopeWord = (scope: RuleScope): string => (scope === 'global' ? 'global' : 'server');

/** The guild of a server-scope command, or null after telling the user it needs one (the manifest marks them guild-only). */
async function needGuild(ctx: Context): Promise<Guild | null> {
  if (ctx.guild) return ctx.guild;
  await ctx.reply({ content: 'This command can only be used in a server.', ephemeral: true });
  return null;
}

async function refuse(ctx: Context, content: string): Promise<void> {
  await ctx.reply({ content, ephemeral: true });
}

/** What became of a change: refused by the lock-out guard (the user has been told), or written, or a no-op. */
type Outcome = 'refused' | 'changed' | 'unchanged';

/** The runnable commands of a command tree (groups without a handler are only their subcommands). */
function runnable(commands: readonly CommandSpec[]): CommandSpec[] {
  return commands.flatMap((c) => [...(c.handler !== null ? [c] : []), ...runnable(c.subcommands)]);
}

/** `a`, `b`, `c` and N more. */
function commandList(paths: readonly string[], shown = 3): string {
  const spans = paths.slice(0, shown).map((p) => codeSpan(p));
  const more = paths.length - spans.length;
  if (more > 0) return `${spans.join(', ')} and ${more} more`;
  return spans.length === 1 ? spans[0]! : `${spans.slice(0, -1).join(', ')} and ${spans.at(-1)}`;
}

/**
 * The lock-out guard of server rule changes: every command of the `permissions` cog the person making the
 * change can use now (by the rules, with the same exemptions and `decide` as the check) must stay usable
 * after it, or one rule (or a few in turn) could lock every admin out of managing rules. Returns the
 * refusal, naming the commands they would lose (the one they are using first), or null.
 */
async function lockOut(ctx: Context, scope: { guild: string }, next: RuleSet): Promise<string | null> {
  const rules = store(ctx);
  const spec = servicesOf(ctx.client).cogs?.get(PERMISSIONS_COG)?.spec;
  const all = spec ? runnable(spec.commands) : [ctx.command];
  const same = (c: CommandSpec) => c.path.join(' ') === ctx.command.path.join(' ');
  const commands = [...all.filter(same), ...all.filter((c) => !same(c))];
  if (!commands.some(same)) commands.unshift(ctx.command);
  const who = { userId: ctx.author.id, member: ctx.member, guildId: scope.guild, guildOwnerId: ctx.guild?.ownerId ?? null, channel: ctx.channel };
  const lost: { path: string; reason: string }[] = [];
  for (const command of commands) {
    if (!(await rules.verdict(PERMISSIONS_COG, command, who)).allowed) continue;
    const after = await rules.verdict(PERMISSIONS_COG, command, who, { scope, set: next });
    if (!after.allowed) lost.push({ path: command.path.join(' '), reason: after.reason });
  }
  if (lost.length === 0) return null;
  return `Nothing was changed: after this change you could no longer use ${commandList(lost.map((l) => l.path))} here yourself. ${lost[0]!.reason} Ask the server owner, or allow it for yourself first.`;
}

/**
 * Writes a change to the rules of `scope`. A server change is refused by the lock-out guard (`lockOut`);
 * a change that leaves the rules as they were writes nothing, not even an audit entry.
 */
async function change(ctx: Context, scope: RuleScope, fn: (set: RuleSet) => RuleSet, audit: RuleAudit): Promise<Outcome> {
  const rules = store(ctx);
  if (scope !== 'global') {
    const before = await rules.get(scope);
    const next = fn(before);
    if (sameRuleSet(before, next)) return 'unchanged';
    const refusal = await lockOut(ctx, scope, next);
    if (refusal !== null) {
      await refuse(ctx, refusal);
      return 'refused';
    }
  }
  return (await rules.update(scope, fn, audit)).changed ? 'changed' : 'unchanged';
}

async function readSubject(ctx: Context, scope: RuleScope, who: string): Promise<Rule['subject'] | null> {
  const subject = await parseSubject(who, { scope: scope === 'global' ? 'global' : 'server', guild: ctx.guild, client: ctx.client });
  if ('error' in subject) {
    await refuse(ctx, subject.error);
    return null;
  }
  return subject;
}

async function addRule(ctx: Context, scope: RuleScope, effect: Effect, who: string, targetText: string): Promise<void> {
  const rules = store(ctx);
  const subject = await readSubject(ctx, scope, who);
  if (!subject) return;
  const resolved = rules.resolveTarget(targetText);
  if ('error' in resolved) return refuse(ctx, resolved.error);
  const words = `${effect} ${describeTarget(resolved.target)} for ${subjectWords(subject, scope)}`;
  const outcome = await change(ctx, scope, (set) => withRule(set, { effect, target: resolved.target, subject }), { actorId: ctx.author.id, action: 'rules.add', detail: `${scopeWord(scope)} rule: ${words}` });
  if (outcome === 'refused') return;
  await ctx.reply({ content: outcome === 'changed' ? `Rule added: ${words}.` : `That rule is already there: ${words}.` });
}

/** The targets `text` names: the loaded cog or command, else (for removing) what it was written as. */
function targetsOf(rules: RuleStore, text: string): { targets: RuleTarget[] } | { error: string } {
  const resolved = rules.resolveTarget(text);
  if (!('error' in resolved)) return { targets: [resolved.target] };
  // A rule about something since unloaded can still be removed by its written name (a command path, else a cog).
  const written = resolved.ambiguous ? [] : rules.writtenTargets(text);
  return written.length > 0 ? { targets: written } : { error: resolved.error };
}

/**
 * Removes the rule about a target for the subject `who` names. Nothing is looked up: the stored rules are
 * matched by the subject's id whatever kind they were stored as, so a rule about a role, channel or server
 * that is gone (or one stored before ids were looked up) can still be removed.
 */
async function removeRule(ctx: Context, scope: RuleScope, who: string, targetText: string): Promise<void> {
  const rules = store(ctx);
  const named = subjectIdOf(who, { scope: scope === 'global' ? 'global' : 'server', guild: ctx.guild });
  if ('error' in named) return refuse(ctx, named.error);
  const targets = targetsOf(rules, targetText);
  if ('error' in targets) return refuse(ctx, targets.error);
  let removed: { target: RuleTarget; subject: Rule['subject'] } | undefined;
  const remove = (set: RuleSet): RuleSet => {
    removed = undefined;
    for (const target of targets.targets) {
      const out = withoutSubjectId(set, target, named.id);
      if (out.removed.length > 0) {
        removed = { target, subject: out.removed[0]!.subject };
        return out.set;
      }
    }
    return set;
  };
  const none = `There was no rule about ${targets.targets.map(describeTarget).join(' or ')} for ${named.words}.`;
  remove(await rules.get(scope));
  if (!removed) return void (await ctx.reply({ content: none }));
  // The audit entry and the answer name what was removed (a cog or a command, and whom), decided inside the change.
  const what = () => `${describeTarget(removed!.target)} for ${subjectWords(removed!.subject, scope)}`;
  const outcome = await change(ctx, scope, remove, { actorId: ctx.author.id, action: 'rules.remove', detail: () => `${scopeWord(scope)} rule removed: ${what()}` });
  if (outcome === 'refused') return;
  await ctx.reply({ content: outcome === 'changed' && removed ? `Rule removed: ${what()}.` : none });
}

async function setDefault(ctx: Context, scope: RuleScope, effect: Effect | 'clear', targetText: string): Promise<void> {
  const rules = store(ctx);
  const resolved = rules.resolveTarget(targetText);
  let target: RuleTarget;
  if ('error' in resolved) {
    // Clearing works by the written name too: the default of a cog or command since unloaded.
    const current = await rules.get(scope);
    const written = effect === 'clear' && !resolved.ambiguous ? rules.writtenTargets(targetText) : [];
    const found = written.find((t) => current.defaults.some((d) => sameTarget(d.target, t)));
    if (!found) return refuse(ctx, written.length > 0 ? `There is no ${scopeWord(scope)} default for ${written.map(describeTarget).join(' or ')}.` : resolved.error);
    target = found;
  } else {
    target = resolved.target;
  }
  const value = effect === 'clear' ? null : effect;
  const words = `${scopeWord(scope)} default for ${describeTarget(target)}: ${value ?? 'cleared'}`;
  const outcome = await change(ctx, scope, (set) => withDefault(set, target, value), { actorId: ctx.author.id, action: 'rules.default', detail: words });
  if (outcome === 'refused') return;
  if (outcome === 'changed') return void (await ctx.reply(`The ${words}.`));
  await ctx.reply(value === null ? `There is no ${scopeWord(scope)} default for ${describeTarget(target)}.` : `The ${scopeWord(scope)} default for ${describeTarget(target)} is already ${value}.`);
}

async function clearRules(ctx: Context, scope: RuleScope): Promise<void> {
  let count = 0;
  const clear = (set: RuleSet) => ((count = set.rules.length + set.defaults.length), emptyRuleSet());
  const outcome = await change(ctx, scope, clear, { actorId: ctx.author.id, action: 'rules.clear', detail: `cleared every ${scopeWord(scope)} rule and default` });
  if (outcome === 'refused') return;
  await ctx.reply(outcome === 'changed' ? `Removed ${count} ${scopeWord(scope)} rule(s) and default(s).` : `There are no ${scopeWord(scope)} rules or defaults.`);
}

async function getYaml(ctx: Context, scope: RuleScope): Promise<void> {
  const set = await store(ctx).get(scope);
  const name = scope === 'global' ? 'global-rules.yaml' : `server-rules-${scope.guild}.yaml`;
  await ctx.reply({ content: `${set.rules.length} rule(s) and ${set.defaults.length} default(s).`, files: [{ attachment: Buffer.from(rulesToYaml(set, scope === 'global' ? 'global' : 'server'), 'utf8'), name }], ephemeral: true });
}

/** The YAML text of an attachment or of a code block (```yaml … ```); a message when neither is usable. */
async function yamlInput(options: { file?: { url: string; size: number; name: string }; yaml?: string }): Promise<{ file: string; text: string } | { error: string }> {
  if (options.file) {
    if (options.file.size > MAX_YAML_BYTES) return { error: `The file is ${options.file.size} bytes; rules files are at most ${MAX_YAML_BYTES}.` };
    try {
      const response = await fetch(options.file.url);
      if (!response.ok) return { error: `Could not download the file (HTTP ${response.status}).` };
      // The name is echoed in problems (`name:line:col`): no markdown of the uploader's in the reply.
      return { file: escapeMarkdown(options.file.name.replace(/[`\r\n]/g, "'")).slice(0, 100), text: await response.text() };
    } catch {
      return { error: 'Could not download the file.' };
    }
  }
  if (options.yaml !== undefined) {
    const block = /```(?:ya?ml\b)?[ \t]*\r?\n?([\s\S]*?)```/i.exec(options.yaml);
    return { file: 'message', text: block ? block[1]! : options.yaml };
  }
  return { error: 'Attach a YAML file or put the rules in a ```yaml code block```.' };
}

/** `head` then as many whole lines as fit in one message, then "…and N more problems." */
export function boundedList(head: string, lines: readonly string[], noun = 'problems', limit = MESSAGE_LIMIT): string {
  let text = head;
  for (let i = 0; i < lines.length; i++) {
    const rest = lines.length - i - 1;
    const more = rest > 0 ? `\n…and ${rest} more ${noun}.` : '';
    const line = lines[i]!.length > limit / 2 ? `${lines[i]!.slice(0, limit / 2 - 1)}…` : lines[i]!;
    if (text.length + 1 + line.length + more.length > limit) return `${text}\n…and ${lines.length - i} more ${noun}.`;
    text += `\n${line}`;
  }
  return text;
}

async function setYaml(ctx: Context, scope: RuleScope, options: Parameters<typeof yamlInput>[0]): Promise<void> {
  const input = await yamlInput(options);
  if ('error' in input) return refuse(ctx, input.error);
  const empty = `The YAML is empty: to remove every rule use \`permissions ${scope === 'global' ? 'clearglobalrules' : 'clearserverrules'}\`.`;
  if (input.text.trim() === '') return refuse(ctx, empty);
  let set: RuleSet;
  try {
    // Every subject is looked up as the commands look one up (a user exists and is no bot, a role or channel is this server's…).
    const place = { scope: scope === 'global' ? 'global' : 'server', guild: ctx.guild, client: ctx.client } as const;
    set = await parseRulesYamlLookingUp(input.file, input.text, scope === 'global' ? null : scope.guild, (subject) => lookUpSubject(subject, place));
  } catch (error) {
    if (error instanceof EmptyRulesYamlError) return refuse(ctx, empty);
    if (!(error instanceof RulesYamlError)) throw error;
    // Nothing is written when any entry is wrong.
    return refuse(ctx, boundedList('No rules were changed. Problems:', error.problems.map(formatProblem)));
  }
  const rules = store(ctx);
  const unknown = [...new Set([...set.rules.map((r) => r.target), ...set.defaults.map((d) => d.target)].filter((t) => 'error' in rules.resolveTarget(t.kind === 'cog' ? `cog:${t.name}` : `command:${t.path}`)).map(describeTarget))];
  const summary = `${set.rules.length} rule(s), ${set.defaults.length} default(s)`;
  const outcome = await change(ctx, scope, () => set, { actorId: ctx.author.id, action: 'rules.import', detail: `replaced the ${scopeWord(scope)} rules from YAML: ${summary}` });
  if (outcome === 'refused') return;
  const head = outcome === 'changed' ? `Rules replaced: ${set.rules.length} rule(s) and ${set.defaults.length} default(s).` : `Nothing changed: the rules already were these ${set.rules.length} rule(s) and ${set.defaults.length} default(s).`;
  await ctx.reply({ content: unknown.length > 0 ? boundedList(`${head}\nNot loaded now (kept anyway):`, unknown, 'names') : head });
}

// ---- canrun: the pipeline's answer for someone else, explained --------------------------------------

/** Each step's refusal in words: a step added to the pipeline does not compile until it is explained here. */
const REFUSAL_WORDS: { [S in CheckStepName]: (refused: Refusal<S>, cog: string) => string } = {
  disabled: (refused, cog) => (refused.identifier === 'cogDisabled' ? `The cog ${codeSpan(cog)} is disabled here.` : 'The command (or a group above it) is disabled here.'),
  access: (refused) => ACCESS_WORDS[refused.identifier],
  guildOnly: (refused) => `The command's checks decided: ${refused.message}`,
  manifest: (refused) => (refused.message === null ? 'A custom check of the command refused them.' : `The command's checks decided: ${refused.message}`),
  privilege: (refused) => `The privilege check decided: ${refused.message}`,
  rules: (refused) => refused.detail ?? refused.message ?? 'A permission rule denies it.',
  bot: () => "A check added by the bot's code refused them.",
};

const ACCESS_WORDS: Record<Refusal<'access'>['identifier'], string> = {
  notOnGlobalAllowlist: 'The allow and block lists decided: the bot has an allowlist and they are not on it (they are ignored).',
  onGlobalBlocklist: "The allow and block lists decided: they are on the bot's blocklist (they are ignored).",
  notOnLocalAllowlist: "The allow and block lists decided: this server has an allowlist and neither they nor one of their roles is on it (they are ignored).",
  onLocalBlocklist: "The allow and block lists decided: they or one of their roles are on this server's blocklist (they are ignored).",
  guildIgnored: 'The allow and block lists decided: the bot ignores this server for them.',
  channelIgnored: 'The allow and block lists decided: the bot ignores this channel for them.',
};

/** Steps that run code of a cog or of the bot: one that throws for someone else cannot be told. */
const CUSTOM_STEPS: ReadonlySet<CheckStepName> = new Set(['manifest', 'bot']);

function explainRefusal(refused: Refusal, cog: string): string {
  return (REFUSAL_WORDS[refused.step] as (r: Refusal, c: string) => string)(refused, cog);
}

/**
 * Whether `member` could run `commandText` here, and why, in words. Bots are ignored by the dispatcher; then
 * the real pipeline (with any check a bot's code added by `addCheck`) is evaluated for the member in this
 * channel, through a context for them that reads but never answers, and its first refusal is explained.
 */
async function canRun(ctx: Context, guild: Guild, member: GuildMember, commandText: string): Promise<string> {
  const services = servicesOf(ctx.client);
  const rules = store(ctx);
  const resolved = rules.resolveTarget(commandText);
  if ('error' in resolved) return resolved.error;
  if (!resolved.command) return `${codeSpan(resolved.cog)} is a cog; name one of its commands.`;
  const { cog, command } = resolved;
  const name = escapeMarkdown(member.user.username);
  const path = codeSpan(command.path.join(' '), 200);
  const no = (why: string) => `No: ${name} cannot run ${path} here. ${why}`;
  // The dispatcher ignores every message from a bot (and bots cannot use slash commands).
  if (member.user.bot) return no('They are a bot: the bot ignores commands from bots.');
  const pipeline = services.pipeline;
  if (!pipeline) throw new Error('This bot has no check pipeline service.');
  const as = pipeline.contextFor({ client: ctx.client, kind: ctx.kind, prefix: ctx.prefix, guild, channel: ctx.channel, author: member.user, member }, command, cog);
  let verdict;
  try {
    verdict = await pipeline.evaluate(as, command, cog);
  } catch (error) {
    if (error instanceof CheckStepError && CUSTOM_STEPS.has(error.step)) return `Cannot tell whether ${name} can run ${path} here: a custom check could not be evaluated for someone else.`;
    throw error;
  }
  if (!verdict.allowed) return no(explainRefusal(verdict, cog));
  // Allowed: say what the rules made of it (an exemption, the rule that allowed, or none applied).
  const rulesSay = await rules.verdict(cog, command, { userId: member.id, member, guildId: guild.id, guildOwnerId: guild.ownerId, channel: ctx.channel });
  const yes = `Yes: ${name} can run ${path} here.`;
  return `${yes} ${rulesSay.decision.decided || rulesSay.reason !== 'No permission rule applies, so the command\'s own checks decide.' ? rulesSay.reason : 'Every check passes and no permission rule applies.'}`;
}

export default {
  commands: {
    permissionsExplain: async (ctx) => {
      await ctx.reply(PRECEDENCE);
    },
    permissionsCanrun: async (ctx, options) => {
      const guild = await needGuild(ctx);
      if (guild) await ctx.reply({ content: await canRun(ctx, guild, options.member, options.command) });
    },
    permissionsAddserverrule: async (ctx, options) => {
      const guild = await needGuild(ctx);
      if (guild) await addRule(ctx, { guild: guild.id }, options.effect, options.who, options.target);
    },
    permissionsRemoveserverrule: async (ctx, options) => {
      const guild = await needGuild(ctx);
      if (guild) await removeRule(ctx, { guild: guild.id }, options.who, options.target);
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
      await addRule(ctx, 'global', options.effect, options.who, options.target);
    },
    permissionsRemoveglobalrule: async (ctx, options) => {
      await removeRule(ctx, 'global', options.who, options.target);
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
  // Rules may name a user id. They are the server's settings, kept on the user's and the owner's requests;
  // a deleted account's id belongs to no one any more, so every rule about it goes (global and every server).
  async onDeleteUserData(cog, { userId, requester }) {
    if (requester !== 'discord_deleted_user') return;
    const services = servicesOf(cog.client);
    await services.rules?.forgetUser(userId, cog.client.user?.id ?? null);
    // The audit entries of rule changes name the user too (as the one who changed, or in the change):
    // scrubbed here as well, so this cog alone (without core or access loaded) leaves none (idempotent).
    await services.audit?.forgetUser(userId);
  },
} satisfies PermissionsCog;
