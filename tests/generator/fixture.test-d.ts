// Type tests (checked by tsc) for the basic fixture's committed output (kept current by fixtures.test.ts).
import type { GuildBasedChannel, GuildMember, Message, Role, User } from 'discord.js';
import { expectTypeOf } from 'vitest';
import type { Group, Value } from '../../runtime/config/typed.js';
import type { CogHandle, JobHandler, ListenerHandler, ScheduledJob, TaskHandler } from '../../runtime/cogs/module.js';
import type { Context } from '../../runtime/context/types.js';
import type shopHandlers from './fixtures/basic/cogs/shop/handlers.js';
import type { NoteOptions, NotesConfig, NotesHandle, NotesJobPayloads } from './fixtures/basic/generated/cogs/notes/index.js';
import type {
  BuyOptions,
  ShopCloseTicketJobPayload,
  ShopCog,
  ShopHandle,
  ShopJobHandlers,
  ShopJobPayloads,
  ShopRefundJobPayload,
  ShopTaskHandlers,
  SettingsPriceSetOptions,
  SettingsShowOptions,
  ShopadminResetOptions,
  ShopCommandHandlers,
  ShopConfig,
  ShopCustomTicketsData,
  ShopGuildData,
  ShopListenerHandlers,
  ShopMemberData,
} from './fixtures/basic/generated/cogs/shop/index.js';

// Options: choices become literal unions; a default makes the option always present; entities are discord.js types.
expectTypeOf<BuyOptions>().toEqualTypeOf<{ item: 'apple' | 'pear'; count: number; gift?: User }>();
expectTypeOf<SettingsPriceSetOptions>().toEqualTypeOf<{ amount: number; role?: Role }>();
expectTypeOf<SettingsShowOptions>().toEqualTypeOf<{ channel?: GuildBasedChannel }>();
expectTypeOf<ShopadminResetOptions>().toEqualTypeOf<{ confirm: boolean; reason: string }>();
expectTypeOf<NoteOptions>().toEqualTypeOf<{ text: string }>();

// Handler keys: camelCase of the command path; a text group marked invokable has its own.
expectTypeOf<keyof ShopCommandHandlers>().toEqualTypeOf<'buy' | 'settingsPriceSet' | 'settingsShow' | 'shopadmin' | 'shopadminReset'>();
expectTypeOf<ShopListenerHandlers['welcome']>().toEqualTypeOf<ListenerHandler<ShopConfig, 'guildMemberAdd', ShopHandle>>();
expectTypeOf<Parameters<ShopListenerHandlers['welcome']>>().toEqualTypeOf<[ShopHandle, GuildMember]>();
// The runtime event `messageWithoutCommand` gets the cog and the message.
expectTypeOf<Parameters<ShopListenerHandlers['chatter']>>().toEqualTypeOf<[ShopHandle, Message]>();

// The handle: every signature gets it, so `cog.jobs` and `ctx.cog.jobs` are typed by the manifest's jobs.
expectTypeOf<ShopHandle>().toEqualTypeOf<CogHandle<ShopConfig, ShopJobPayloads>>();
expectTypeOf<Parameters<ShopCommandHandlers['buy']>[0]>().toEqualTypeOf<Context<ShopConfig, ShopHandle>>();
expectTypeOf<Parameters<NonNullable<ShopCog['onLoad']>>[0]>().toEqualTypeOf<ShopHandle>();
expectTypeOf<Parameters<NonNullable<ShopCog['beforeInvoke']>>[0]['cog']>().toEqualTypeOf<ShopHandle>();
expectTypeOf<ShopRefundJobPayload>().toEqualTypeOf<{ userId: string; guildId: string; amount: number; approvedBy: { id: string; note: string | null } }>();
expectTypeOf<ShopJobPayloads>().toEqualTypeOf<{ refund: ShopRefundJobPayload; closeTicket: ShopCloseTicketJobPayload }>();
// A cog without jobs has a handle whose jobs accept none.
expectTypeOf<NotesJobPayloads>().toEqualTypeOf<Record<string, never>>();
expectTypeOf<NotesHandle>().toEqualTypeOf<CogHandle<NotesConfig, Record<string, never>>>();

declare const shopCog: ShopHandle;
declare const notesCog: NotesHandle;
const refund: ShopRefundJobPayload = { userId: '1', guildId: '2', amount: 3, approvedBy: { id: '4', note: null } };
expectTypeOf(shopCog.jobs.schedule(Date.now(), 'refund', refund)).resolves.toEqualTypeOf<ScheduledJob<'refund', ShopRefundJobPayload>>();
expectTypeOf(shopCog.jobs.list('closeTicket')).resolves.toEqualTypeOf<ScheduledJob<'closeTicket', ShopCloseTicketJobPayload>[]>();
// @ts-expect-error a wrong payload field type (`amount` is an integer)
void shopCog.jobs.schedule(Date.now(), 'refund', { ...refund, amount: '3' });
// @ts-expect-error another kind's payload
void shopCog.jobs.schedule(Date.now(), 'refund', { ticketId: 't1' });
// @ts-expect-error a job kind the manifest does not declare
void shopCog.jobs.schedule(Date.now(), 'refnd', refund);
// @ts-expect-error the notes cog declares no jobs
void notesCog.jobs.schedule(Date.now(), 'refund', refund);

// Tasks and jobs: one handler each, required by the cog type.
expectTypeOf<ShopTaskHandlers>().toEqualTypeOf<{ restock: TaskHandler<ShopHandle>; warmCache: TaskHandler<ShopHandle> }>();
expectTypeOf<ShopJobHandlers['refund']>().toEqualTypeOf<JobHandler<ShopHandle, ShopRefundJobPayload>>();
expectTypeOf<Parameters<ShopJobHandlers['refund']>[1]['payload']>().toEqualTypeOf<ShopRefundJobPayload>();
declare const implemented: typeof shopHandlers;
expectTypeOf(implemented).toExtend<ShopCog>();
expectTypeOf({ ...implemented, tasks: { warmCache: implemented.tasks.warmCache } }).not.toExtend<ShopCog>();
expectTypeOf({ ...implemented, jobs: { refund: implemented.jobs.refund } }).not.toExtend<ShopCog>();
const { tasks: _tasks, ...withoutTasks } = implemented;
expectTypeOf(withoutTasks).not.toExtend<ShopCog>();

// Config: `cfg.guild(g).settings.prefix` is a Value<string>, and the rest of the tree is typed the same way.
type GuildGroup = ReturnType<ShopConfig['guild']>;
expectTypeOf<GuildGroup['settings']['prefix']>().toEqualTypeOf<Value<string>>();
expectTypeOf<GuildGroup['settings']['cooldown']>().toEqualTypeOf<Value<number>>();
expectTypeOf<GuildGroup['settings']['logChannel']>().toEqualTypeOf<Value<string | null>>();
expectTypeOf<GuildGroup['prices']['apple']>().toEqualTypeOf<Value<number>>();
expectTypeOf<GuildGroup>().toExtend<Group<ShopGuildData>>();
expectTypeOf<ShopGuildData>().toEqualTypeOf<{ settings: { prefix: string; cooldown: number; logChannel: string | null }; prices: { apple: number } }>();
expectTypeOf<ShopConfig['global']['currency']>().toEqualTypeOf<Value<string>>();
expectTypeOf<ReturnType<ShopConfig['memberFromIds']>['history']>().toEqualTypeOf<Value<{ item: string; at: number }[]>>();
expectTypeOf<ShopConfig['allGuilds']>().returns.toEqualTypeOf<Promise<Record<string, ShopGuildData>>>();
expectTypeOf<ShopMemberData['balance']>().toEqualTypeOf<number>();
expectTypeOf<ShopCustomTicketsData>().toEqualTypeOf<{ open: boolean; tags: string[] }>();
expectTypeOf<ReturnType<NotesConfig['user']>['notes']>().toEqualTypeOf<Value<string[]>>();

// A typo is a compile error, not Red's runtime AttributeError.
// @ts-expect-error `prefx` is not a key of the settings group
export type Typo = GuildGroup['settings']['prefx'];
// Undeclared scopes are not exposed.
expectTypeOf<ShopConfig>().not.toHaveProperty('user');
expectTypeOf<NotesConfig>().not.toHaveProperty('guild');
// Custom groups: full keys give the typed group; the group name is checked.
declare const shop: ShopConfig;
expectTypeOf(shop.custom('TICKETS', '1', 2).tags).toEqualTypeOf<Value<string[]>>();
// @ts-expect-error unknown custom group
shop.custom('TICKET', '1', '2');
