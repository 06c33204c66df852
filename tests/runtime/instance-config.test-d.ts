// Type tests (checked by tsc): InstanceConfig is taken from the bot.config.yaml schema (runtime/instance/schema.ts)
// with the defaults the loader applies made required.
import { expectTypeOf } from 'vitest';
import type { InstanceConfig, StorageDriverName } from '../../runtime/instance/config.js';

expectTypeOf<InstanceConfig['prefixes']>().toEqualTypeOf<string[]>();
expectTypeOf<InstanceConfig['mentionPrefix']>().toEqualTypeOf<boolean>();
expectTypeOf<InstanceConfig['cogs']>().toEqualTypeOf<string[]>();
expectTypeOf<InstanceConfig['ownersFromApplication']>().toEqualTypeOf<boolean | undefined>();
expectTypeOf<InstanceConfig['cooldowns']['ownersBypass']>().toEqualTypeOf<boolean>();
expectTypeOf<InstanceConfig['discord']['intents']>().toEqualTypeOf<string[]>();
expectTypeOf<InstanceConfig['discord']['syncMode']>().toEqualTypeOf<'global' | 'dev'>();
expectTypeOf<InstanceConfig['discord']['shards']>().toEqualTypeOf<'auto' | number | undefined>();
expectTypeOf<InstanceConfig['discord']['api']>().toEqualTypeOf<string | undefined>();
expectTypeOf<InstanceConfig['storage']['driver']>().toEqualTypeOf<StorageDriverName>();
expectTypeOf<StorageDriverName>().toEqualTypeOf<'json' | 'postgres' | 'memory'>();
expectTypeOf<InstanceConfig['storage']['path']>().toEqualTypeOf<string>();
expectTypeOf<InstanceConfig['storage']['url']>().toEqualTypeOf<string | undefined>();
