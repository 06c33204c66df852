// Type tests (checked by tsc): a cog's invoke hooks and error handler are typed with its own config and handle.
import { expectTypeOf } from 'vitest';
import type { HelpCog, HelpConfig, HelpHandle } from '../../generated/cogs/help/index.js';
import type { Context } from '../../runtime/context/types.js';

expectTypeOf<NonNullable<HelpCog['beforeInvoke']>>().parameters.toEqualTypeOf<[Context<HelpConfig, HelpHandle>]>();
expectTypeOf<NonNullable<HelpCog['afterInvoke']>>().parameters.toEqualTypeOf<[Context<HelpConfig, HelpHandle>]>();
expectTypeOf<NonNullable<HelpCog['onCommandError']>>().parameters.toEqualTypeOf<[Context<HelpConfig, HelpHandle>, unknown]>();
expectTypeOf<ReturnType<NonNullable<HelpCog['onCommandError']>>>().toEqualTypeOf<boolean | void | Promise<boolean | void>>();

// A cog that declares them satisfies the generated type; a wrong parameter does not.
const cog = {
  commands: { help: async () => undefined },
  beforeInvoke: (ctx: Context<HelpConfig>) => ctx.logger.debug('before'),
  onCommandError: async () => true,
} satisfies HelpCog;
expectTypeOf(cog).toExtend<HelpCog>();
expectTypeOf<{ commands: HelpCog['commands']; onCommandError: (ctx: number) => boolean }>().not.toExtend<HelpCog>();
