/**
 * Loads bot.config.yaml: parse with positions, validate with ajv against the schema, apply defaults and
 * the environment overrides (DISCORD_TOKEN, COGSMITH_DISCORD_API, COGSMITH_REST_PROXY_URL, COGSMITH_POSTGRES_URL). Problems come
 * back as `file:line:col message`; secrets never appear in a message or a log line.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { redact, registerSecret } from '../logging.js';
import { ajvProblems, formatProblem, parseYamlSource, positionOfPointer, sortProblems, type SourceProblem } from '../support/yaml-source.js';
import { DEFAULT_INTENTS, STORAGE_DRIVERS } from './defaults.js';
import type { InstanceConfigFile } from './schema.js';
// ajv's validator for schema.ts's schema, compiled ahead of time by write-schema.ts (a test keeps it
// current): a bot's start loads neither TypeBox (~200 modules) nor ajv's compiler (~60), and compiles nothing.
import { validate as generatedValidate } from './bot.config.validate.js';

/** A storage driver's name, as bot.config.yaml names it. */
export type StorageDriverName = (typeof STORAGE_DRIVERS)[number];

type Section<K extends keyof InstanceConfigFile> = NonNullable<InstanceConfigFile[K]>;
/** `T` with the keys `K` always present: the loader fills them in from the schema's defaults. */
type Filled<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };

/**
 * The instance configuration with every default applied: the file's types (schema.ts), with the keys
 * the loader always fills in made required. Left optional: `discord.api` (undefined means Discord
 * itself), `discord.token`, `discord.shards` (undefined means one shard), `discord.restProxy` (undefined:
 * no shared REST proxy; COGSMITH_REST_PROXY_URL makes it `{ url }`), `storage.url`, and
 * `ownersFromApplication` (absent: true) / `teamMembersAreOwners` (absent: false), which
 * runtime/permissions reads.
 */
export type InstanceConfig = Filled<Omit<InstanceConfigFile, 'cooldowns' | 'discord' | 'storage'>, 'prefixes' | 'mentionPrefix' | 'owners' | 'cogs'> & {
  /** Command cooldowns (runtime/commands/limits.ts). */
  cooldowns: Filled<Section<'cooldowns'>, 'ownersBypass'>;
  /** How to reach Discord; slash commands sync globally or to `devGuilds` only (runtime/commands/slash-sync). */
  discord: Filled<Section<'discord'>, 'intents' | 'syncMode' | 'devGuilds'>;
  /** `path` is the absolute data folder of the json driver. */
  storage: Filled<Section<'storage'>, 'driver' | 'path'>;
  /** The file it came from, when it came from one. */
  source?: string;
};

/** What a caller may give to build an InstanceConfig in code (tests, sandbox). */
export type InstanceConfigInput = Partial<Omit<InstanceConfig, 'discord' | 'storage' | 'cooldowns'>> & {
  cooldowns?: Partial<InstanceConfig['cooldowns']>;
  discord?: Partial<InstanceConfig['discord']>;
  storage?: Partial<InstanceConfig['storage']>;
};

/** One or more problems in the instance configuration; `message` lists them one per line. */
export class InstanceConfigError extends CogsmithError {
  static override readonly code: ErrorCode = 'INSTANCE_CONFIG';
  constructor(readonly problems: SourceProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

type Env = Record<string, string | undefined>;

const validate = generatedValidate as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const envValue = (env: Env, name: string) => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

/** Scrubs the token and the database URL from a message (as well as anything token-shaped). */
function scrub(message: string, secrets: (string | undefined)[]): string {
  return redact(message, secrets.filter((s): s is string => typeof s === 'string'));
}

/** Applies defaults and environment overrides to a validated raw document. */
function complete(raw: InstanceConfigFile, baseDir: string, env: Env, source: string | undefined): InstanceConfig {
  const discord = raw.discord ?? {};
  const storage = raw.storage ?? {};
  const token = envValue(env, 'DISCORD_TOKEN') ?? discord.token;
  const url = envValue(env, 'COGSMITH_POSTGRES_URL') ?? storage.url;
  registerSecret(token);
  registerSecret(url);
  const path = storage.path ?? 'data';
  const config: InstanceConfig = {
    prefixes: raw.prefixes ?? ['!'],
    mentionPrefix: raw.mentionPrefix ?? true,
    owners: raw.owners ?? [],
    ownersFromApplication: raw.ownersFromApplication ?? true,
    teamMembersAreOwners: raw.teamMembersAreOwners ?? false,
    cooldowns: { ownersBypass: raw.cooldowns?.ownersBypass ?? false },
    discord: { intents: discord.intents ?? [...DEFAULT_INTENTS], syncMode: discord.syncMode ?? 'global', devGuilds: discord.devGuilds ?? [] },
    storage: { driver: storage.driver ?? 'json', path: isAbsolute(path) ? path : resolve(baseDir, path) },
    cogs: raw.cogs ?? ['general'],
  };
  const api = envValue(env, 'COGSMITH_DISCORD_API') ?? discord.api;
  if (api !== undefined) config.discord.api = api.replace(/\/+$/, '');
  if (token !== undefined) config.discord.token = token;
  if (discord.shards !== undefined) config.discord.shards = discord.shards;
  // The environment's proxy wins, and means "use this one": a process given it starts none (runtime/rest-proxy/child.ts).
  const proxyUrl = envValue(env, 'COGSMITH_REST_PROXY_URL');
  if (proxyUrl !== undefined) config.discord.restProxy = { url: proxyUrl };
  else if (discord.restProxy !== undefined) config.discord.restProxy = { ...discord.restProxy };
  if (discord.processes !== undefined) config.discord.processes = discord.processes;
  if (discord.shardIds !== undefined) config.discord.shardIds = discord.shardIds;
  if (discord.leases !== undefined) config.discord.leases = discord.leases;
  if (url !== undefined) config.storage.url = url;
  if (raw.logging !== undefined) config.logging = raw.logging;
  if (raw.metrics !== undefined) config.metrics = raw.metrics;
  if (raw.replies !== undefined) config.replies = raw.replies;
  if (source !== undefined) config.source = source;
  return config;
}

type Doc = Record<string, unknown>;
const isDoc = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Checks what the schema cannot: the environment overrides, and that text commands stay reachable. Runs on
 * the raw document, well-formed or not (each check reads only the keys it needs, when they have the right
 * shape), so these problems are reported together with the schema's, not after they are fixed.
 */
function meaningProblems(raw: unknown, env: Env, where: (path: string[]) => { file: string; line: number; col: number }): SourceProblem[] {
  const doc = isDoc(raw) ? raw : {};
  const discord = isDoc(doc.discord) ? doc.discord : {};
  const storage = isDoc(doc.storage) ? doc.storage : {};
  const problems: SourceProblem[] = [];
  const api = envValue(env, 'COGSMITH_DISCORD_API') ?? text(discord.api);
  if (api !== undefined && !/^https?:\/\/[^\s/]+/.test(api)) {
    problems.push({ ...where(['discord', 'api']), message: 'discord.api (or COGSMITH_DISCORD_API) must be an http(s) URL such as http://127.0.0.1:5555/api' });
  }
  const url = envValue(env, 'COGSMITH_POSTGRES_URL') ?? text(storage.url);
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    problems.push({ ...where(['storage', 'url']), message: 'storage.url (or COGSMITH_POSTGRES_URL) must start with postgres:// or postgresql://' });
  }
  problems.push(...restProxyProblems(discord, env, where));
  const leases = isDoc(discord.leases) ? discord.leases : {};
  if (typeof leases.ttlMs === 'number' && typeof leases.renewMs === 'number' && leases.renewMs * 3 > leases.ttlMs) {
    problems.push({ ...where(['discord', 'leases', 'renewMs']), message: `discord.leases.renewMs (${leases.renewMs}) must be at most a third of ttlMs (${leases.ttlMs}): a host stops its shards when it could not renew for ttlMs - renewMs, and needs a renewal or two before that` });
  }
  const ids = discord.shardIds;
  if (Array.isArray(ids) && typeof discord.shards !== 'number') {
    problems.push({ ...where(['discord', 'shardIds']), message: 'discord.shardIds needs discord.shards to be a whole number (the shard count the ids are out of)' });
  } else if (Array.isArray(ids) && typeof discord.shards === 'number' && ids.some((id) => typeof id === 'number' && id >= (discord.shards as number))) {
    problems.push({ ...where(['discord', 'shardIds']), message: `discord.shardIds must be below discord.shards (${discord.shards}): shard ids run from 0 to ${discord.shards - 1}` });
  }
  const devGuilds = discord.devGuilds ?? [];
  if (discord.syncMode === 'dev' && Array.isArray(devGuilds) && devGuilds.length === 0) {
    problems.push({ ...where(['discord', 'syncMode']), message: 'discord.syncMode is dev but discord.devGuilds is empty: list the guild ids that should get the slash commands' });
  }
  if (Array.isArray(doc.prefixes) && doc.prefixes.length === 0 && doc.mentionPrefix === false) {
    problems.push({ ...where(['prefixes']), message: 'no prefixes and mentionPrefix is false: text commands could never run' });
  }
  return problems;
}

/** `discord.restProxy` names one proxy: at `url` (run separately) or on `port` (started with the bot), not both. */
function restProxyProblems(discord: Doc, env: Env, where: (path: string[]) => { file: string; line: number; col: number }): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const fromEnv = envValue(env, 'COGSMITH_REST_PROXY_URL');
  if (fromEnv !== undefined && !/^https?:\/\/[^\s/]+/.test(fromEnv)) {
    problems.push({ ...where(['discord', 'restProxy']), message: 'COGSMITH_REST_PROXY_URL must be an http(s) URL such as http://127.0.0.1:8080' });
  }
  if (!isDoc(discord.restProxy)) return problems;
  const proxy = discord.restProxy;
  const hasUrl = proxy.url !== undefined;
  if (hasUrl === (proxy.port !== undefined)) {
    const message = hasUrl
      ? 'discord.restProxy has both url (a proxy run separately) and port (one started with the bot): give one'
      : 'discord.restProxy needs url (a proxy run separately, e.g. http://127.0.0.1:8080) or port (one started with the bot)';
    problems.push({ ...where(['discord', 'restProxy']), message });
  } else if (hasUrl) {
    for (const key of ['host', 'globalRequestsPerSecond']) {
      if (proxy[key] !== undefined) problems.push({ ...where(['discord', 'restProxy', key]), message: `discord.restProxy.${key} is for a proxy started with the bot (port); give a proxy run separately its settings on \`cogsmith proxy\`` });
    }
  }
  return problems;
}

/** Unquoted ids are read as numbers (and rounded): say how to fix that. */
function explainIds(problem: SourceProblem): SourceProblem {
  if (/^must be a string, got number/.test(problem.message) && /^\s*(-\s*)?\d{15,}/.test(problem.message.replace(/^.*got number /, ''))) {
    return { ...problem, message: `${problem.message}; write Discord ids in quotes ('123456789012345678'): YAML reads long numbers inexactly` };
  }
  return problem;
}

/** Parses and validates the text of a bot.config.yaml. `file` is used in messages and to resolve paths. */
export function parseInstanceConfig(text: string, file: string, env: Env = process.env): InstanceConfig {
  const shownFile = isAbsolute(file) ? relative(process.cwd(), file) || file : file;
  const secrets = [envValue(env, 'DISCORD_TOKEN'), envValue(env, 'COGSMITH_POSTGRES_URL')];
  const { source, problems } = parseYamlSource(shownFile, text);
  if (!source) throw new InstanceConfigError(problems.map((p) => ({ ...p, message: scrub(p.message, secrets) })));
  const value = source.value ?? {};
  const rawToken = (value as any)?.discord?.token;
  const rawUrl = (value as any)?.storage?.url;
  if (typeof rawToken === 'string') secrets.push(rawToken);
  if (typeof rawUrl === 'string') secrets.push(rawUrl);
  const at = (path: string[]) => ({ file: shownFile, ...positionOfPointer(source, path) });
  const meaning = meaningProblems(value, env, at);
  const schema = validate(value) ? [] : ajvProblems(source, validate.errors ?? []).map(explainIds);
  // Every problem at once; a place the schema already faults is not reported twice.
  const found = [...schema, ...meaning.filter((m) => !schema.some((p) => p.line === m.line && p.col === m.col))];
  if (found.length > 0) throw new InstanceConfigError(sortProblems(found).map((p) => ({ ...p, message: scrub(p.message, secrets) })));
  return complete(value as InstanceConfigFile, dirname(resolve(file)), env, shownFile);
}

/** Reads and validates an instance file (default: bot.config.yaml in the working directory). */
export function loadInstanceConfig(file = 'bot.config.yaml', env: Env = process.env): InstanceConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read it (${code ?? String(error)})`;
    throw new InstanceConfigError([{ file, line: 1, col: 1, message: why }]);
  }
  return parseInstanceConfig(text, file, env);
}

/** Builds an InstanceConfig in code (tests, the sandbox), validated like the file and with the same defaults. */
export function createInstanceConfig(input: InstanceConfigInput = {}, env: Env = {}): InstanceConfig {
  const { source, ...raw } = input;
  const secrets = [input.discord?.token, input.storage?.url, envValue(env, 'DISCORD_TOKEN')];
  const file = source ?? '<code>';
  const schema = validate(raw) ? [] : (validate.errors ?? []).map((e) => ({ file, line: 1, col: 1, message: `${e.instancePath || '/'} ${e.message ?? e.keyword}` }));
  const problems = [...schema, ...meaningProblems(raw, env, () => ({ file, line: 1, col: 1 }))];
  if (problems.length > 0) throw new InstanceConfigError(problems.map((p) => ({ ...p, message: scrub(p.message, secrets) })));
  return complete(raw as InstanceConfigFile, process.cwd(), env, source);
}
