/**
 * Settings the runtime itself keeps in Config, under the core namespace `Core` (cog names are lower case,
 * so no cog can collide with it): whether embeds are wanted (global, per guild, per channel; the most
 * specific one set wins, default yes) and the embed colour (per guild, then global).
 */
import { Config } from '../config/base.js';
import type { ConfigDriver } from '../drivers/types.js';

/** The namespace of the core settings. */
export const CORE_NAMESPACE = { cogName: 'Core', identifier: 0 } as const;

/** Discord's blurple: the embed colour when nothing else says otherwise. */
export const DEFAULT_EMBED_COLOR = 0x5865f2;

/** Where a setting is stored. */
export type SettingScope = { global: true } | { guild: string } | { channel: string };

export class CoreSettings {
  readonly config: Config;

  constructor(driver: ConfigDriver | undefined) {
    this.config = Config.getConf({ ...CORE_NAMESPACE, driver });
    // null = not set here: ask the wider scope.
    this.config.registerGlobal({ embeds: true, embedColor: null });
    this.config.registerGuild({ embeds: null, embedColor: null });
    this.config.registerChannel({ embeds: null });
  }

  /** Whether embeds are wanted: the channel's setting, else the guild's, else the global one (default true). */
  async embedsWanted(guildId: string | null, channelId: string | null): Promise<boolean> {
    if (channelId && guildId) {
      const channel = (await this.config.channel(channelId).embeds()) as boolean | null;
      if (channel !== null) return channel;
    }
    if (guildId) {
      const guild = (await this.config.guildFromId(guildId).embeds()) as boolean | null;
      if (guild !== null) return guild;
    }
    return ((await this.config.global.embeds()) as boolean | null) ?? true;
  }

  /** Sets (or with null clears) whether embeds are wanted at a scope. */
  async setEmbeds(scope: SettingScope, value: boolean | null): Promise<void> {
    await this.group(scope).embeds.set(value);
  }

  /** The colour configured for a guild, else the global one; null when none is. */
  async configuredColor(guildId: string | null): Promise<number | null> {
    if (guildId) {
      const guild = (await this.config.guildFromId(guildId).embedColor()) as number | null;
      if (guild !== null) return guild;
    }
    return (await this.config.global.embedColor()) as number | null;
  }

  /** Sets (or with null clears) the embed colour of a guild or of the whole bot. */
  async setEmbedColor(scope: { global: true } | { guild: string }, color: number | null): Promise<void> {
    if (color !== null && (!Number.isInteger(color) || color < 0 || color > 0xffffff)) {
      throw new RangeError(`An embed colour is an integer from 0 to 0xFFFFFF, got ${color}`);
    }
    await this.group(scope).embedColor.set(color);
  }

  /** Forgets the Config instance (the bot stops); stored data stays. */
  release(): void {
    Config.release(this.config);
  }

  private group(scope: SettingScope) {
    if ('global' in scope) return this.config.global;
    if ('guild' in scope) return this.config.guildFromId(scope.guild);
    return this.config.channel(scope.channel);
  }
}
