/**
 * @motcua/core — the event-sourced engine for one-stop (một cửa) dossiers.
 * This file names the whole public API.
 */
// Errors as data
export {
  MotcuaError,
  ValidationError,
  ConcurrencyError,
  InvalidTransitionError,
  InvalidHistoryError,
  RuleViolationError,
  NotFoundError,
  UnknownProcedureError,
  StoreError,
  IdempotencyConflictError,
  ForbiddenError,
  InternalError,
  asMotcuaError,
  fromZodIssues,
} from './errors';
export type { ErrorIssue, MotcuaErrorCode } from './errors';

// Time
export { toVietnamInstant, localDateOf, isInstantString, isLocalDateString, instantMs, compareInstants, MIN_INSTANT_MS, MAX_INSTANT_MS } from './time';

// Procedure catalog
export { defineProcedure, effectiveLimit, procedureInputSchema, routeSchema, routeLegSchema, procedureCodeSchema } from './procedure/procedure';
export type { Procedure, ProcedureInput, Route, RouteLeg } from './procedure/procedure';
export { approvalRouteSchema, approvalStepSchema, stepLimitSchema, defaultApprovalRoute, routeBudgetHours, HOURS_PER_WORKING_DAY } from './procedure/approval-route';
export type { ApprovalRoute, ApprovalStep, StepLimit } from './procedure/approval-route';
export { createCatalog } from './procedure/catalog';
export type { Catalog, CatalogOptions } from './procedure/catalog';
export { DEFAULT_LEVELS, levelSchema } from './procedure/levels';
export type { Level } from './procedure/levels';
export { DEFAULT_RULE_PACKS, RULE_PACK_2018, RULE_PACK_2025, citation, packLookup, rulePackSchema } from './procedure/rule-pack';
export type { RulePack, RuleCitation } from './procedure/rule-pack';
export { timeLimitSchema, localDateSchema } from './procedure/time-limit';

// Events and commands
export { EVENTS, eventSchemas, EVENT_LABELS, EVENT_SCHEMA_VERSION, DOSSIER_EVENT_TYPES, unknownEventType } from './events/schemas';
export type { DossierEventType, EventData } from './events/schemas';
export { defineEvent } from './events/define';
export type { EventDefinition, Label, Upcasters, OlderVersions } from './events/define';
export { PARTS } from './dossier/thaw';
export type { Part, EvolveTarget, ReadonlyDeep, FoldOwnedField } from './dossier/thaw';
export type { DossierEvent, DossierEventBody, EventOf } from './events/types';
export { CHANNEL_CODE, LIMITS, isWellFormedText } from './events/parts';
export type { Channel } from './events/parts';
export { commandSchemas, commandSchema, COMMAND_EVENTS, COMMAND_SCHEMA_VERSION, INTAKE_COMMANDS } from './commands/schemas';
export type { Command, CommandInput, CommandType, CommandOf, CommandBody } from './commands/schemas';

// Machines
export { createProcedureMachine, TOP_LEVEL_STATES } from './machine/create-machine';
export type { ProcedureMachine, MachineEvent, TopLevelState } from './machine/create-machine';
export { compileMachine, machineEventKeys } from './machine/compile';
export type { TransitionTable, CompiledState } from './machine/compile';
export { stateKeyOf, topLevelOf } from './machine/state-key';
export { eventKeyOf } from './machine/event-key';
export { allowedCommands, allowsEvent } from './machine/allowed';
export { nationalStatusOf, NATIONAL_STATUS_LABELS } from './machine/national-status';
export type { NationalStatus } from './machine/national-status';

// Dossier: decide / evolve
export { decide, commandAllowed, DEFAULT_DATE_HORIZONS } from './dossier/decide';
export { appointmentOf } from './dossier/decide-support';
export { supplementPeriodDays, SUPPLEMENT_PERIOD_DAYS } from './dossier/law-rules';
export type { DecideEnv } from './dossier/decide';
export { foldDossier, evolveDossier } from './dossier/fold';
export type { TableResolver } from './dossier/fold';
export { applyEventData } from './dossier/evolve';
export { initialDossierState } from './dossier/state';
export type { DossierState, SupplementRecord, LegRecord, Applicant, Component, Unit, AgencyRef, ApprovalState, OfficerRef } from './dossier/state';
export { ApprovalIncompleteError, approvalWorklistFields, currentStep } from './dossier/approval';
export { stepEntrySchema, stepRefSchema } from './events/approval';
export type { StepEntry } from './events/approval';
export { formatDossierCode, parseDossierCode, dossierCodeSequenceKey } from './dossier/code';
export type { DossierCodeParts } from './dossier/code';

// Authorization (docs/security.md)
export {
  accessPolicySchema,
  policyRuleSchema,
  definePolicy,
  extendPolicy,
  policyAt,
  POLICY_SCOPES,
  DEFAULT_POLICY_2025,
  authorize,
  actorFor,
  dossierFacts,
  scopeReaches,
} from './auth';
export type { AccessPolicy, AccessPolicyInput, PolicyRule, PolicyScope, PolicyExtension, Authorization, DossierFacts, PolicyOption } from './auth';
export { auditTrail, auditRow, auditFilterSchema, parseAuditFilter, queryAuditTrail } from './audit';
export type { AuditRow, AuditFilter } from './audit';
export { CORRECTABLE, CORRECTABLE_TYPES, CORRECTABLE_FIELDS, EventCorrected, applyCorrections, collectCorrections, correctedEvent, correctedLog } from './corrections';
export type { CorrectableType, CorrectableField, LateCorrection } from './corrections';

// Engine
export { createEngine, DOSSIER_STREAM_PREFIX, dossierIdOfStream, dossierStreamId } from './engine/engine';
export { SPANS, COUNTERS, HISTOGRAMS } from './telemetry/types';
export type { Telemetry, TelemetrySpan, TelemetryAttributes, SpanName, CounterName, HistogramName } from './telemetry/types';
export { logTelemetry } from './telemetry/log';
export type { TelemetryLogEntry } from './telemetry/log';
export { commandFingerprint } from './engine/fingerprint';
export type { Engine, EngineOptions, ExecuteResult, NonWorkingReceipt } from './engine/engine';
export { GroupCommitter } from './engine/group-commit';
export type { GroupCommitOptions, GroupCommitStore } from './engine/group-commit';

// Event store port and in-memory adapter
export type * from './store/types';
export { InMemoryEventStore } from './store/in-memory';
// Helpers for adapter authors live in `@motcua/core/store-kit`.

// Tamper-evident history (docs/security.md)
export { verifyHistory, createCheckpoint, signCheckpoint, verifyCheckpoint, generateCheckpointKeys, canonicalJson, contentDigest, linkHash } from './integrity';
export type { VerifyResult, VerifyOptions, BrokenEvent, BrokenReason, VerifiableStore, LogCheckpoint, SignedCheckpoint } from './integrity';
// Crypto-shredding of personal data (docs/security.md)
export {
  PERSONAL_FIELDS,
  personalPaths,
  encryptField,
  decryptField,
  fieldAad,
  CIPHER_PREFIX,
  InMemoryKeyStore,
  isDestroyed,
  newKeyBytes,
  protectPersonalData,
  subjectOfStream,
  REDACTED,
  eraseExpiredPersonalData,
  retentionEnds,
  DEFAULT_RETENTION,
} from './privacy';
export type {
  PersonalDataKeyStore,
  SubjectKey,
  DestroyedKey,
  ErasureRecord,
  KeyState,
  ProtectedEventStore,
  ProtectOptions,
  EraseOptions,
  DossierCache,
  RetentionPolicy,
  RetentionPeriod,
  EraseExpiredOptions,
  EraseExpiredResult,
} from './privacy';

// Projections: one runner for reports, the deadline watcher and indexes
export { createProjectionRunner, foldProjection, combineProjections } from './projection';
export type { Projection, CombinedState, ProjectionRunner, ProjectionRunnerOptions, ProjectionTurn, SkippedEvent } from './projection';
export { controlSlip } from './dossier/control-slip';
export { transferSlip, lateAgencyAlerts } from './dossier/transfer-slip';
export type { TransferSlip, TransferSlipLine, LateAgencyAlert } from './dossier/transfer-slip';
export { codeUnitOf } from './engine/dossier-code';
export { EVALUATION_GROUPS_2025, portalEvaluationPayloadSchema } from './evaluation/portal-payload';
export type { EvaluationGroup2025, PortalEvaluationPayload } from './evaluation/portal-payload';
export { EVALUATION_CONTENTS_2025, evaluationContentSchema } from './evaluation/contents';
export type { EvaluationContent } from './evaluation/contents';
export type { CodeUnitInput } from './engine/dossier-code';
export type { ControlSlip, ControlSlipRow } from './dossier/control-slip';
export { createDeadlineWatcher } from './engine/deadline-watcher';
export { closeExpiredWith } from './engine/close-expired';
export type { DeadlineWatcher, DeadlineWatcherOptions, DeadlineAlert, DeadlineWatcherState } from './engine/watcher-types';
export {
  foldVietnamese,
  dossierListRow,
  dossierListFilterSchema,
  dossierListQuerySchema,
  parseDossierListQuery,
  dossierListSql,
  pageOf,
  cursorAfter,
  sortKeyOf,
  worklistFilter,
  NO_DUE_KEY,
  NO_RECEIVED_KEY,
  DOSSIER_LIST_COLUMNS,
  DOSSIER_LIST_STEP_COLUMNS,
  DOSSIER_LIST_CLOCK_COLUMNS,
  DOSSIER_LIST_OVERDUE_COLUMNS,
  DOSSIER_LIST_INDEXES,
  dossierListIndexSql,
  dossierListValues,
  dossierListRowFrom,
  followDossierList,
} from './read-models/dossier-list';
export type {
  DossierListRow,
  DossierClockStop,
  DossierListFilter,
  DossierListQuery,
  DossierListPage,
  DossierListSortKey,
  WorklistKind,
  WorklistScope,
  SqlQuery,
  DossierListTable,
  DossierListFollower,
  DossierListFollowerOptions,
} from './read-models/dossier-list';
// Transactional outbox (docs/integration.md)
export * from './outbox';
export * from './notify';
