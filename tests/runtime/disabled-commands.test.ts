/** Disabled commands (everywhere or per guild, groups covering their subcommands) and "did you mean" matching. */
import { describe, expect, it } from 'vitest';
import { closeMatches, editDistance } from '../../runtime/commands/did-you-mean.js';
import { DisabledCommands } from '../../runtime/commands/disabled.js';

describe('DisabledCommands', () => {
  it('GIVEN a group disabled in one guild THEN it and its subcommands are disabled there only', () => {
    const d = new DisabledCommands();
    d.disable('Settings', { guildId: 'g1' });
    expect(d.isDisabled(['settings'], 'g1')).toBe(true);
    expect(d.isDisabled(['settings', 'prefix'], 'g1')).toBe(true);
    expect(d.isDisabled(['settings', 'prefix'], 'g2')).toBe(false);
    expect(d.isDisabled(['settings'], null)).toBe(false);
    expect(d.list('g1')).toEqual(['settings']);
  });

  it('GIVEN a subcommand disabled everywhere THEN only it is disabled, and enable undoes it once', () => {
    const d = new DisabledCommands();
    d.disable(['settings', 'prefix']);
    expect(d.isDisabled(['settings', 'prefix'], 'g1')).toBe(true);
    expect(d.isDisabled(['settings'], 'g1')).toBe(false);
    expect(d.enable('settings  prefix')).toBe(true);
    expect(d.enable('settings prefix')).toBe(false);
    expect(d.isDisabled(['settings', 'prefix'], null)).toBe(false);
  });

  it('GIVEN an empty path THEN it is refused', () => {
    expect(() => new DisabledCommands().disable('  ')).toThrow(TypeError);
  });
});

describe('did you mean', () => {
  const names = ['greet', 'grant', 'ping', 'config'].map((name) => ({ name, value: name }));

  it('ranks close names first and leaves far ones out', () => {
    expect(editDistance('gret', 'greet')).toBe(1);
    expect(closeMatches('gret', names)).toEqual(['greet']);
    expect(closeMatches('GRANT', names)).toEqual(['grant']);
    expect(closeMatches('pong', names)).toEqual(['ping']);
    expect(closeMatches('zzzz', names)).toEqual([]);
  });
});
