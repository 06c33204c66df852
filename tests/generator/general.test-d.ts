// Type tests (checked by tsc): the types generated for the general cog are exactly what handlers rely on.
import type { ClientEvents, Events, GuildMember } from 'discord.js';
import { expectTypeOf } from 'vitest';
import type { EchoOptions, GeneralCog, GeneralCommandHandlers, GeneralConfig, GeneralHandle, HelloOptions, PingOptions } from '../../generated/cogs/general/index.js';
import type handlers from '../../cogs/general/handlers.js';
import type { UNTYPED_EVENTS } from '../../generator/checks/commands.js';
import type { Context } from '../../runtime/context/types.js';

expectTypeOf<EchoOptions>().toEqualTypeOf<{ text: string }>();
expectTypeOf<HelloOptions>().toEqualTypeOf<{ member?: GuildMember }>();
expectTypeOf<PingOptions>().toEqualTypeOf<Record<string, never>>();

expectTypeOf<GeneralCommandHandlers['echo']>().parameters.toEqualTypeOf<[Context<GeneralConfig, GeneralHandle>, EchoOptions]>();
expectTypeOf<GeneralCommandHandlers['hello']>().parameters.toEqualTypeOf<[Context<GeneralConfig, GeneralHandle>, HelloOptions]>();
expectTypeOf<keyof GeneralCommandHandlers>().toEqualTypeOf<'ping' | 'echo' | 'hello'>();

// The cog declares no config: only clearAll, and no scope accessor to misuse.
expectTypeOf<keyof GeneralConfig>().toEqualTypeOf<'clearAll'>();

// The handlers file satisfies the generated contract.
expectTypeOf<typeof handlers>().toExtend<GeneralCog>();

// Every discord.js `Events` value the generator accepts for a listener is a typed client event, so the
// emitted `ListenerHandler<Config, event>` compiles. A discord.js upgrade that breaks this fails here.
expectTypeOf<Exclude<`${Events}`, keyof ClientEvents | (typeof UNTYPED_EVENTS)[number]>>().toEqualTypeOf<never>();
