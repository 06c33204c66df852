/** Privilege levels: who the owners are, admin and mod roles per guild, and the check before every command. */
export { PRIVILEGES, highest, refusalMessage, satisfies, type Privilege } from './levels.js';
export { applicationOwnerIds, OwnerDirectory, type OwnerOptions } from './owners.js';
export { corePrivilegeConfig, PrivilegeRoles, type PrivilegeRoleKind } from './roles.js';
export { Privileges, type PrivilegeRequest, type PrivilegeSubject, type PrivilegesOptions } from './privileges.js';
export { AUDIT_LOG_LIMIT, AuditLog, auditLogOf, formatAuditEntry, readAudit, recordAudit, type AuditEntry, type AuditInput, type AuditQuery, type AuditTarget } from './audit-log.js';
export { decide, explainDecision, targetChain, type Rule, type RuleDecision, type RuleSet, type RuleTarget } from './rules.js';
export { RuleStore, PERMISSIONS_COG, type RuleVerdict } from './rule-store.js';
export { parseRulesYaml, rulesToYaml, RulesYamlError } from './rules-yaml.js';
export { AccessSettings, type AccessListKind, type AccessScope } from './access-settings.js';
export { accessStep, accessOutcome, type AccessDeps, type AccessOutcome, type AccessRequest } from './access-check.js';
