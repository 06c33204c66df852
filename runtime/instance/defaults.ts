/**
 * Values of the instance schema (schema.ts) that the loader (config.ts) needs at run time, apart from the
 * schema so that loading an instance file does not load TypeBox (the loader validates with the JSON
 * Schema written from schema.ts, bot.config.schema.json).
 */

/** Intents used when the file names none: enough for text and slash commands and member lookups. */
export const DEFAULT_INTENTS = ['Guilds', 'GuildMessages', 'DirectMessages', 'MessageContent', 'GuildMembers'];

/** The storage drivers an instance may name. */
export const STORAGE_DRIVERS = ['json', 'postgres', 'memory'] as const;
