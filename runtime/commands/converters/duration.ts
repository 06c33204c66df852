/**
 * Duration options: milliseconds, within the option's units and bounds. The parsing is the project's one
 * duration parser, runtime/support/duration.ts, outside this folder because other layers use it too: the
 * generator reads every manifest duration with it (cooldown `per`, task periods, an option's
 * `default`/`min`/`max`, config `duration` defaults), and runtime/index.ts exports it.
 */
import type { OptionSpec } from '../../contract/spec.js';
import { formatDuration, parseDuration, unitName } from '../../support/duration.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { label } from './label.js';

/** A duration in milliseconds, within the option's units and bounds. */
export function convertDuration(option: OptionSpec, raw: string): number {
  const result = parseDuration(raw, option.durationUnits);
  if (typeof result !== 'number') {
    if (result.kind === 'unit') {
      const allowed = (option.durationUnits ?? []).map(unitName).join(', ');
      throw new UserInputError(Identifiers.DurationUnitNotAllowed, `${label(option)} cannot use ${unitName(result.unit)}; use ${allowed}. Got ${shown(raw)}.`, {
        option: option.name,
        raw,
        unit: result.unit,
      });
    }
    throw new UserInputError(Identifiers.DurationInvalid, `${label(option)} must be a duration such as \`1h30m\` or \`2 days\` (${result.detail}), got ${shown(raw)}.`, {
      option: option.name,
      raw,
    });
  }
  if (option.min !== undefined && result < option.min) {
    throw new UserInputError(Identifiers.DurationTooShort, `${label(option)} must be at least ${formatDuration(option.min)}, got ${shown(raw)}.`, { option: option.name, raw, min: option.min });
  }
  if (option.max !== undefined && result > option.max) {
    throw new UserInputError(Identifiers.DurationTooLong, `${label(option)} must be at most ${formatDuration(option.max)}, got ${shown(raw)}.`, { option: option.name, raw, max: option.max });
  }
  return result;
}
