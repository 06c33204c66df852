/** Disabled commands (everywhere or per guild, groups covering their subcommands) and "did you mean" matching. */
import { describe, expect, it } from 'vitest';
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
