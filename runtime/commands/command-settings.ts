/**
 * The command framework's own settings, kept in Config under the core namespace (`Core`, identifier 0,
 * shared with the Context's embed settings): instance-wide defaults in the global scope, per-guild
 * overrides (null = use the instance default) in the guild scope. The core cog (issue 5) edits them with
 * commands; the runtime only reads them.
 */
import { Config } from '../config/base.js';
import { CORE_NAMESPACE } from '../context/core-settings.js';
import type { ConfigDriver } from '../drivers/types.js';

/** Instance-wide defaults, registered in the global scope. */
export const COMMAND_GLOBAL_DEFAULTS = {
  /** Unknown text commands get a "did you mean" answer (guilds may override). */
  didYouMean: false,
  help: {
    /** List commands the user cannot run (disabled or failing a check) instead of hiding them. */
    showUnrunnable: false,
    /** Characters per help page (Discord allows 2000 per message; embed fields 1024). */
    pageCharLimit: 1000,
    /** Help longer than this many pages goes to the user's DMs; 0 never sends it there. */
    maxPagesInGuild: 0,
  },
};

/** Per-guild overrides; null means "use the instance default". */
export const COMMAND_GUILD_DEFAULTS = { didYouMean: null };

/** The effective help settings. */
export interface HelpSettings {
  showUnrunnable: boolean;
  pageCharLimit: number;
  maxPagesInGuild: number;
}

export class CommandSettings {
  private config: Config | undefined;

  /** `driver` is read lazily: the bot opens its driver only when it starts. */
  constructor(private readonly driver: () => ConfigDriver | undefined) {}

  /** The core Config with these defaults registered (on first use). */
  get conf(): Config {
    if (!this.config) {
      const driver = this.driver();
      if (!driver) throw new Error('Command settings need a config driver: the bot has not opened one yet.');
      const config = Config.getConf({ ...CORE_NAMESPACE, driver });
      config.registerGlobal(COMMAND_GLOBAL_DEFAULTS);
      config.registerGuild(COMMAND_GUILD_DEFAULTS);
      this.config = config;
    }
    return this.config;
  }

  /** Whether unknown commands get a suggestion in this guild (in DMs: the instance default). */
  async didYouMean(guildId: string | null): Promise<boolean> {
    const instance = (await this.conf.global.getRaw('didYouMean')) as boolean;
    if (!guildId) return instance;
    const guild = (await this.conf.guildFromId(guildId).getRaw('didYouMean')) as boolean | null;
    return guild ?? instance;
  }

  /** Sets the instance default (`{ global: true }`) or a guild's override (null there: use the default). */
  async setDidYouMean(scope: { global: true } | { guild: string }, value: boolean | null): Promise<void> {
    if ('global' in scope) await this.conf.global.setRaw('didYouMean', value ?? false);
    else await this.conf.guildFromId(scope.guild).setRaw('didYouMean', value);
  }

  /** The help settings of the instance. */
  async help(): Promise<HelpSettings> {
    return (await this.conf.global.getRaw('help')) as HelpSettings;
  }

  /** Changes some help settings of the instance. */
  async setHelp(changes: Partial<HelpSettings>): Promise<void> {
    for (const [key, value] of Object.entries(changes)) await this.conf.global.setRaw('help', key, value);
  }

  /** Forgets the Config object (the bot stopped); stored data is kept. */
  release(): void {
    this.config = undefined;
  }
}
