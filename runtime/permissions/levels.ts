/**
 * Privilege levels, lowest first: none < mod < admin < guildOwner < owner. Each level includes the ones
 * below it (an admin may run mod commands; a bot owner may run everything).
 */
import { PRIVILEGES as ALL_PRIVILEGES, type Privilege } from '../contract/enums.js';

export type { Privilege };

/** Every level, lowest first. */
export const PRIVILEGES: readonly Privilege[] = ALL_PRIVILEGES;

/** True when `held` is `required` or higher. */
export function satisfies(held: Privilege, required: Privilege): boolean {
  return PRIVILEGES.indexOf(held) >= PRIVILEGES.indexOf(required);
}

/** The higher of two levels. */
export function highest(a: Privilege, b: Privilege): Privilege {
  return PRIVILEGES.indexOf(a) >= PRIVILEGES.indexOf(b) ? a : b;
}

const NEEDED: Record<Privilege, string> = {
  none: 'anyone',
  mod: 'a mod',
  admin: 'an admin',
  guildOwner: 'the server owner',
  owner: 'a bot owner',
};

/** The refusal shown when someone lacks the level: "You need to be an admin to use `warn`." */
export function refusalMessage(required: Privilege, commandPath: readonly string[]): string {
  return `You need to be ${NEEDED[required]} to use \`${commandPath.join(' ')}\`.`;
}
