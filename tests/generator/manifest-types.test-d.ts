// Type tests (checked by tsc): the manifest types taken from the schema (generator/manifest.ts, `Static<>` of
// generator/schema.ts) have the shapes the rest of the generator relies on, including the nodes whose JSON
// is written by hand beside their type (choice, config groups, multi-type values).
import { expectTypeOf } from 'vitest';
import type * as M from '../../generator/manifest.js';

expectTypeOf<M.CommandManifest['kind']>().toEqualTypeOf<'text' | 'slash' | 'hybrid'>();
expectTypeOf<M.OptionManifest['type']>().toEqualTypeOf<M.ManifestOptionType | M.ManifestOptionType[]>();
expectTypeOf<NonNullable<M.SubcommandManifest['subcommands']>[number]>().toEqualTypeOf<M.SubcommandManifest>();
expectTypeOf<M.ChoiceManifest>().toEqualTypeOf<string | number | { name: string; value: string | number }>();
expectTypeOf<M.CooldownManifest['per']>().toEqualTypeOf<string | number>();
expectTypeOf<NonNullable<M.OptionManifest['list']>>().toEqualTypeOf<boolean | { min?: number; max?: number }>();
expectTypeOf<M.CogManifest['identifier']>().toEqualTypeOf<number>();
expectTypeOf<M.CheckManifest>().toEqualTypeOf<
  | string
  | { any: M.CheckManifest[] }
  | { all: M.CheckManifest[] }
  | { privilege: M.ManifestPrivilege }
  | { permissions: string[] }
  | { botPermissions: string[] }
  | { roles: string[] }
  | { nsfw: true }
  | { dmOnly: true }
  | { guildOnly: true }
>();

// Config: recursive types, maps and the group whose `renamedFrom` key is a string among entries.
expectTypeOf<NonNullable<M.ConfigTypeManifest['items']>>().toEqualTypeOf<M.ConfigTypeManifest>();
expectTypeOf<M.JobManifest['payload']>().toEqualTypeOf<Record<string, M.ConfigTypeManifest>>();
expectTypeOf<NonNullable<M.ConfigManifest['custom']>[string]>().toEqualTypeOf<M.CustomGroupManifest>();
expectTypeOf<M.ConfigFieldManifest['default']>().toEqualTypeOf<M.ManifestJson>();
expectTypeOf<M.ConfigFieldManifest['renamedFrom']>().toEqualTypeOf<string | null | undefined>();
expectTypeOf<M.ConfigGroupManifest['renamedFrom']>().toEqualTypeOf<string | undefined>();
expectTypeOf<M.ConfigGroupManifest[string]>().toEqualTypeOf<M.ConfigFieldManifest | M.ConfigGroupManifest | string>();
expectTypeOf<{ renamedFrom: 'old'; prefix: { type: 'string'; default: '!' }; nested: { count: { type: 'integer'; default: 0; renamedFrom: null } } }>().toExtend<M.ConfigGroupManifest>();
// @ts-expect-error an entry is a field, a group or (for `renamedFrom`) a string: a number is none of them
expectTypeOf<{ prefix: { type: 'text'; default: 1 } }>().toExtend<M.ConfigGroupManifest>();
