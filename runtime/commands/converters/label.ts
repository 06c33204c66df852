/** How every conversion message names its option. */
import type { OptionSpec } from '../../contract/spec.js';

/** The option's name in backticks, as messages show it: `` `amount` ``. */
export const label = (option: OptionSpec): string => '`' + option.name + '`';
