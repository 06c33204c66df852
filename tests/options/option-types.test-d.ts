// Type tests (checked by `tsc -p tsconfig.json`) pinning the generated option types of the `optionkit`
// fixture, which uses every option type and modifier; fixture.test.ts keeps its generated files current.
import type { Attachment, CategoryChannel, GuildBasedChannel, GuildMember, Role, TextChannel, User, VoiceChannel } from 'discord.js';
import { expectTypeOf } from 'vitest';
import type { ConverterContext, Converter, Suggester } from '../../runtime/cogs/module.js';
import type { EmojiValue } from '../../runtime/commands/emoji.js';
import type { Colour } from './fixture/cogs/optionkit/colour.js';
import type {
  AnychanOptions,
  BoolOptions,
  ChanOptions,
  DefaultsOptions,
  DurOptions,
  EmoOptions,
  FileOptions,
  FilesOptions,
  IdortextOptions,
  IntOptions,
  ManyOptions,
  MemOptions,
  MentOptions,
  NumOptions,
  NumsOptions,
  OptionkitAutocomplete,
  OptionkitCog,
  OptionkitConverters,
  PaintOptions,
  PickOptions,
  RolOptions,
  RollOptions,
  SayOptions,
  ShoutOptions,
  SnowOptions,
  StrOptions,
  UsrOptions,
  WhoOptions,
} from './fixture/generated/cogs/optionkit/index.js';

// Scalars: durations are milliseconds, snowflakes stay strings.
expectTypeOf<StrOptions>().toEqualTypeOf<{ value: string }>();
expectTypeOf<IntOptions>().toEqualTypeOf<{ value: number }>();
expectTypeOf<NumOptions>().toEqualTypeOf<{ value: number }>();
expectTypeOf<BoolOptions>().toEqualTypeOf<{ value: boolean }>();
expectTypeOf<DurOptions>().toEqualTypeOf<{ value: number }>();
expectTypeOf<SnowOptions>().toEqualTypeOf<{ value: string }>();
expectTypeOf<SayOptions>().toEqualTypeOf<{ text: string }>();

// Discord entities as discord.js classes; channel kinds narrow the channel type.
expectTypeOf<UsrOptions>().toEqualTypeOf<{ value: User }>();
expectTypeOf<MemOptions>().toEqualTypeOf<{ value: GuildMember }>();
expectTypeOf<ChanOptions>().toEqualTypeOf<{ value: TextChannel | VoiceChannel }>();
expectTypeOf<AnychanOptions>().toEqualTypeOf<{ value: GuildBasedChannel }>();
expectTypeOf<CategoryChannel>().toMatchTypeOf<AnychanOptions['value']>();
expectTypeOf<RolOptions>().toEqualTypeOf<{ value: Role }>();
expectTypeOf<MentOptions>().toEqualTypeOf<{ value: GuildMember | Role | User }>();
expectTypeOf<FileOptions>().toEqualTypeOf<{ value: Attachment }>();
expectTypeOf<FilesOptions>().toEqualTypeOf<{ values: Attachment[] }>();
expectTypeOf<EmoOptions>().toEqualTypeOf<{ value: EmojiValue }>();
expectTypeOf<EmojiValue>().toEqualTypeOf<{ id: string | null; name: string; animated: boolean; text: string }>();

// Choices become literal unions; unions of types become unions; lists become arrays.
expectTypeOf<PickOptions>().toEqualTypeOf<{ value: 'red' | 'green' | 'blue' }>();
expectTypeOf<WhoOptions>().toEqualTypeOf<{ value: GuildMember | Role }>();
expectTypeOf<IdortextOptions>().toEqualTypeOf<{ value: number | string }>();
expectTypeOf<ManyOptions>().toEqualTypeOf<{ members: GuildMember[]; reason?: string }>();
expectTypeOf<NumsOptions>().toEqualTypeOf<{ values: number[] }>();

// Custom converters: the option has the produced type, imported from the cog's own module when named.
expectTypeOf<PaintOptions>().toEqualTypeOf<{ value: Colour }>();
expectTypeOf<ShoutOptions>().toEqualTypeOf<{ value?: string }>();
expectTypeOf<OptionkitConverters>().toEqualTypeOf<{ colour: Converter<Colour>; upper: Converter<string> }>();
expectTypeOf<Parameters<OptionkitConverters['colour']>>().toEqualTypeOf<[raw: string, ctx: ConverterContext]>();

// Defaults make options always present; optional options without one may be absent.
expectTypeOf<DefaultsOptions>().toEqualTypeOf<{ count: number; wait: number; flag?: boolean }>();

// Autocomplete: the handler interface requires a suggester per marked option, typed by the option's type.
expectTypeOf<RollOptions>().toEqualTypeOf<{ fruit: string; sides?: number }>();
expectTypeOf<OptionkitAutocomplete>().toEqualTypeOf<{ roll: { fruit: Suggester<string>; sides: Suggester<number> } }>();

// The cog type requires `converters` and `autocomplete` entries: leaving one out is a compile error.
type Implemented = typeof import('./fixture/cogs/optionkit/handlers.js').default;
expectTypeOf<Implemented['converters']['colour']>().returns.toEqualTypeOf<Colour>();
declare const commands: Implemented['commands'];
declare const autocomplete: Implemented['autocomplete'];
declare const converters: Implemented['converters'];
const complete: OptionkitCog = { commands, autocomplete, converters };
// @ts-expect-error a cog without its `converters` does not satisfy the generated type
const noConverters: OptionkitCog = { commands, autocomplete };
// @ts-expect-error a cog without its `autocomplete` suggesters does not satisfy the generated type
const noSuggesters: OptionkitCog = { commands, converters };
// @ts-expect-error a suggester of an integer option must suggest numbers
const wrongSuggester: OptionkitAutocomplete = { roll: { fruit: () => ['a'], sides: () => ['six'] } };
void [complete, noConverters, noSuggesters, wrongSuggester];
