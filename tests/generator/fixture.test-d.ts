// Type tests (checked by tsc) for the basic fixture's committed output (kept current by fixtures.test.ts).
import type { GuildBasedChannel, GuildMember, Role, User } from 'discord.js';
import { expectTypeOf } from 'vitest';
import type { Group, Value } from '../../runtime/config/typed.js';
import type { ListenerHandler } from '../../runtime/cogs/module.js';
import type { NoteOptions, NotesConfig } from './fixtures/basic/generated/cogs/notes/index.js';
import type {
  BuyOptions,
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
expectTypeOf<ShopListenerHandlers['welcome']>().toEqualTypeOf<ListenerHandler<ShopConfig, 'guildMemberAdd'>>();
expectTypeOf<Parameters<ShopListenerHandlers['welcome']>[1]>().toEqualTypeOf<GuildMember>();

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
