/**
 * The check pipeline's vocabulary: its steps in their one order, what each can refuse with, and what a step
 * answers. Everything that runs or explains the checks (text and slash dispatch, autocomplete, help, the
 * `permissions canrun` explainer, the README) reads the order from `CHECK_STEPS`; nothing lists it again.
 *
 * Decision: a refusal is data (`{ step, identifier, message }`, as Sapphire's preconditions return a
 * UserError with an identifier) so the dispatcher answers from `message` and an explainer from `step` and
 * `identifier`, without re-running anything.
 */
import type { CommandSpec } from '../../contract/spec.js';
import type { Context } from '../../context/types.js';

/**
 * The steps, in the order they run; the first refusal ends the run.
 * - `disabled`: the command (or a group above it) turned off at run time (`bot.commands.disable`) or stored
 *   as disabled, or its cog stored as disabled; "That command is disabled." for everyone, owners included.
 * - `access`: the global and local allow and block lists, ignored servers and channels; silent.
 * - `guildOnly`: a guild-only command outside a server.
 * - `manifest`: what the manifests declare (`checks:`: dmOnly, nsfw, roles, botPermissions, predicates, any/all).
 * - `privilege`: the level the cog and command need, or the Discord permissions declared beside it.
 * - `rules`: the allow/deny permission rules (after the privilege: a rule never lifts a level).
 * - `bot`: the checks bot code adds with `bot.addCheck`, in the order added.
 */
export const CHECK_STEPS = ['disabled', 'access', 'guildOnly', 'manifest', 'privilege', 'rules', 'bot'] as const;
export type CheckStepName = (typeof CHECK_STEPS)[number];

/** What each step can refuse with: a stable identifier per reason. */
export const REFUSAL_IDENTIFIERS = {
  disabled: ['commandDisabled', 'cogDisabled'],
  access: ['notOnGlobalAllowlist', 'onGlobalBlocklist', 'notOnLocalAllowlist', 'onLocalBlocklist', 'guildIgnored', 'channelIgnored'],
  guildOnly: ['guildOnly'],
  // A manifest check refuses by its kind (`guildOnly` also for `roles` and `permissions` outside a server).
  manifest: ['guildOnly', 'dmOnly', 'nsfw', 'botPermissions', 'roles', 'privilege', 'permissions', 'predicate'],
  privilege: ['privilege'],
  rules: ['ruleDenied'],
  bot: ['botCheck'],
} as const satisfies Record<CheckStepName, readonly string[]>;

/** The identifiers step `S` refuses with. */
export type RefusalIdentifier<S extends CheckStepName = CheckStepName> = (typeof REFUSAL_IDENTIFIERS)[S][number];

/** The pipeline (or one step) lets the invocation go on. */
export interface Allowed {
  readonly allowed: true;
}

/** A refusal of step `S`: why in a stable identifier, and what the user is told (null: nothing, a silent refusal). */
export type Refusal<S extends CheckStepName = CheckStepName> = {
  [K in S]: {
    readonly allowed: false;
    readonly step: K;
    readonly identifier: RefusalIdentifier<K>;
    /** The words for the user; null when the refusal is silent (slash, which must be answered, gets a private note). */
    readonly message: string | null;
    /** More than the user is told, for whoever asks why (the rule that decided, for `permissions canrun`). */
    readonly detail?: string;
  };
}[S];

/** What a step, or the whole pipeline, answers. */
export type CheckVerdict<S extends CheckStepName = CheckStepName> = Allowed | Refusal<S>;

export const ALLOWED: Allowed = Object.freeze({ allowed: true });

/** A refusal of step `step`. */
export function refusal<S extends CheckStepName>(step: S, identifier: RefusalIdentifier<S>, message: string | null, detail?: string): Refusal<S> {
  return { allowed: false, step, identifier, message, ...(detail === undefined ? {} : { detail }) } as Refusal<S>;
}

/** One named step. `command` may differ from `ctx.command` (help asks about other commands). */
export interface CheckStep<S extends CheckStepName = CheckStepName> {
  readonly name: S;
  run(ctx: Context, command: CommandSpec, cog: string): CheckVerdict<S> | Promise<CheckVerdict<S>>;
}

/**
 * A check bot code adds with `bot.addCheck`: resolves to true to allow. Returning false refuses silently;
 * throwing `CheckFailure` with a message refuses and tells the user. `command` may differ from `ctx.command`.
 */
export type CommandCheck = (ctx: Context, command: CommandSpec, cog: string) => boolean | Promise<boolean>;
