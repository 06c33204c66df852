/**
 * Cogsmith's runtime, public surface: the Bot, the instance configuration, the contracts cogs are written
 * against, and the pieces of the command layer cog authors may want (errors, converters, the error log).
 */
export { Bot, BotStartError, type BotEvents, type BotOptions } from './bot.js';
export { BotFatalError, FATAL_CLOSE_CODES } from './discord/fatal-close.js';

export {
  createInstanceConfig,
  InstanceConfigError,
  loadInstanceConfig,
  parseInstanceConfig,
  type InstanceConfig,
  type InstanceConfigInput,
  type StorageDriverName,
} from './instance/config.js';
export { DEFAULT_INTENTS, instanceConfigSchema } from './instance/schema.js';
export { createStorageDriver } from './instance/storage.js';

export { CogLoadError, CogManager } from './cogs/cog-manager.js';
export type { CogHandle, CogImplementation, CogRegistry, CogRegistryEntry, CommandHandler, ListenerHandler } from './cogs/module.js';
export type { CheckPredicate, Converter, ConverterContext, Suggester, Suggestion } from './cogs/module.js';
export type { CogCommands, CogJobs, DynamicCommandArgs, DynamicCommandDefinition, JobHandler, JobPayloads, LoadedCog, ScheduledJob, TaskHandler, TaskRun, UnloadReason } from './cogs/module.js';
export { CogDependencyError, LIFECYCLE_PHASES, type LifecyclePhase } from './cogs/errors.js';
export { fixedModuleHost, type CogModuleHost } from './cogs/module-host.js';
export type { ReloadOutcome } from './cogs/reloading.js';
export type { LiveInventory, LiveCog } from './cogs/inventory.js';
export type { TaskStatus } from './cogs/tasks.js';
export { ScheduleError } from './cogs/jobs.js';
export { systemClock, type Clock, type TimerClock, type TimerHandle } from './support/clock.js';
export type * from './contract/spec.js';
export { CogsmithError, ERROR_CODES, hasErrorCode, type ErrorCode } from './contract/errors.js';
export * from './contract/enums.js';

export type { Context, ReplyInput, ReplyOptions } from './context/types.js';
export { allowedMentionsFor, NO_MENTIONS } from './context/mentions.js';
export { TextContext } from './context/text-context.js';
export { SlashContext } from './context/slash-context.js';
export { ComponentRouter, EXPIRED, NOT_YOUR_BUTTONS, type ComponentHandler } from './context/components/router.js';
export { ComponentSession, SESSION_END_REASONS, type ComponentPress, type SessionEndReason, type SessionOptions } from './context/components/session.js';
export { ComponentIdError } from './context/components/custom-id.js';

export { ConversionFailure, Identifiers, UserInputError, type Identifier } from './commands/errors.js';
export { ErrorLog, type ErrorLogOptions, type ErrorRecord, type ErrorSource } from './commands/error-log.js';
export { CommandIndex, CommandConflictError, type CommandEntry } from './commands/index-of-commands.js';
export { NOT_AVAILABLE, errorReply, type CommandDeniedInfo } from './commands/dispatcher.js';
export { CheckFailure, CheckStepError, DisabledCommandError, DISABLED_MESSAGE } from './commands/check-failure.js';
export { CommandPipeline, type CommandPipelineOptions, type PipelineSteps } from './commands/pipeline/pipeline.js';
export { ALLOWED, CHECK_STEPS, REFUSAL_IDENTIFIERS, type Allowed, type CheckStep, type CheckStepName, type CheckVerdict, type CommandCheck, type Refusal, type RefusalIdentifier } from './commands/pipeline/steps.js';
export { CheckContext, ContextCannotAnswerError, type CheckSubject } from './context/check-context.js';
export { InvokeHooks, type InvokeHook } from './commands/hooks.js';
export { DisabledCommands, type DisableOptions } from './commands/disabled.js';
export { CommandSettings, type HelpSettings } from './commands/command-settings.js';
export type { RunnableHandler } from './commands/invoke.js';
export { renderHelp, sendHelp, type HelpQuery, type HelpResult } from './help/index.js';
export { checkValue } from './commands/converters/check-value.js';
export { convertText } from './commands/converters/index.js';
export { parseBoolean } from './commands/converters/boolean.js';
export { parseInteger, parseNumber } from './commands/converters/numbers.js';
export type { ConversionScope } from './commands/converters/scope.js';
export { matchPrefix, type PrefixMatch } from './commands/prefix.js';
export { formatDuration, parseDuration, DURATION_UNIT_MS } from './support/duration.js';
export { parseEmoji, type EmojiValue } from './commands/emoji.js';
export { ArgumentReader, splitWords } from './commands/tokenizer.js';

export { PRIVILEGES, Privileges, PrivilegeRoles, OwnerDirectory, refusalMessage, satisfies, type Privilege, type PrivilegeRoleKind, type PrivilegeSubject } from './permissions/index.js';
export { AuditLog, formatAuditEntry, readAudit, recordAudit, type AuditEntry, type AuditInput, type AuditQuery } from './permissions/index.js';
export { DataRequests, DataRequestError, REQUESTER_KINDS, type DeletionRequester, type DeletionResult, type ExportResult } from './gdpr/requests.js';
export { servicesOf, type BotServices } from './services.js';
export type { UserDataModule } from './cogs/module.js';

export { createDiscordClient, intentBits } from './discord/client.js';
export { closeLogging, configureLogging, createLogger, LoggingSettingsError, parseLevelSpec, redact, registerSecret, resolveLoggingSettings, type Logger, type LoggingOptions, type LoggingSettings, type LogRecord, type LogSink } from './logging.js';
export { crashReport, logProcessFailures } from './process-handlers.js';
