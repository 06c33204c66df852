/**
 * The instance keys of slash sync: `discord.syncMode` and `discord.devGuilds`.
 */
import { describe, expect, it } from 'vitest';
import { InstanceConfigError, parseInstanceConfig } from '../../runtime/instance/config.js';

const problems = (text: string): string[] => {
  try {
    parseInstanceConfig(text, 'bot.config.yaml', {});
  } catch (error) {
    if (error instanceof InstanceConfigError) return error.message.split('\n');
    throw error;
  }
  return [];
};

describe('instance config: slash sync mode', () => {
  it('defaults to global sync with no dev guilds', () => {
    const config = parseInstanceConfig('', 'bot.config.yaml', {});
    expect(config.discord.syncMode).toBe('global');
    expect(config.discord.devGuilds).toEqual([]);
  });

  it('reads dev mode and its guilds', () => {
    const config = parseInstanceConfig("discord:\n  syncMode: dev\n  devGuilds: ['123456789012345678', '223456789012345678']\n", 'bot.config.yaml', {});
    expect(config.discord).toMatchObject({ syncMode: 'dev', devGuilds: ['123456789012345678', '223456789012345678'] });
  });

  it('GIVEN dev mode without guilds THEN it says where and what to add', () => {
    expect(problems('discord:\n  syncMode: dev\n')).toEqual([
      'bot.config.yaml:2:13 discord.syncMode is dev but discord.devGuilds is empty: list the guild ids that should get the slash commands',
    ]);
  });

  it('GIVEN an unknown mode or an unquoted id THEN the problem is named at its position', () => {
    expect(problems('discord:\n  syncMode: guild\n')[0]).toMatch(/^bot\.config\.yaml:2:13 /);
    expect(problems('discord:\n  devGuilds: [123456789012345678]\n')[0]).toMatch(/^bot\.config\.yaml:2:15 .*quotes/);
  });
});
