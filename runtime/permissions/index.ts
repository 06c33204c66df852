/** Privilege levels: who the owners are, admin and mod roles per guild, and the check before every command. */
export { PRIVILEGES, highest, refusalMessage, satisfies, type Privilege } from './levels.js';
export { applicationOwnerIds, OwnerDirectory, type OwnerOptions } from './owners.js';
export { corePrivilegeConfig, PrivilegeRoles, type PrivilegeRoleKind } from './roles.js';
export { Privileges, type PrivilegeRequest, type PrivilegeSubject, type PrivilegesOptions } from './privileges.js';
