/**
 * @motcua/projections — reports built from the dossier event log: form 06a,
 * Decision 766 indicators, Circular 01/2018 scoring, satisfaction, and the
 * control slip (form 05). This file names the whole public API.
 */
// Runtime
// (the runner and the Projection type live in @motcua/core, re-exported here)
export { foldProjection, combineProjections } from './projection';
export type { Projection, CombinedState } from './projection';
export { createProjectionRunner } from './runner';
export type { ProjectionRunner, ProjectionRunnerOptions, ProjectionTurn, SkippedEvent } from './runner';
export { splitPeriod, dayOfInstant, dayOfDate, dateOfDay } from './time';
export type { Period, PeriodUnit } from './time';
export { cappedLinear, round1, round2, round4 } from './scoring';
export { estimatedDaysIn } from './estimated';

// Timeliness: report 06a and Decision 766
export { timelinessProjection, checkIntakePacks } from './timeliness/projection';
export type { TimelinessOptions, TimelinessProjection, TimelinessSnapshot } from './timeliness/projection';
export type { TimelinessState, ClockKind, DueKind, IntakeEntry, IntakePetition } from './timeliness/state';
export { CompactCube, compactCube, MIN_PLAIN_PAGES } from './timeliness/compact-cube';
export type { PolicyOption } from './timeliness/clock';
export { report06a } from './timeliness/report-06a';
export type { Report06aQuery, Report06aRow, Convention } from './timeliness/report-06a';
export { decision766, DEFAULT_766, GROUPS_766 } from './timeliness/decision-766';
export type { Decision766Query, Decision766Row, Indicator766, IndicatorConfig, IndicatorValue } from './timeliness/decision-766';
export { GROUP_2025_OF_766, portalEvaluationPayload, portalEvaluationPayloads } from './timeliness/portal-payload';
export type { PortalPayloadOptions, PortalPayloadsQuery } from './timeliness/portal-payload';
export { lateAgencyProjection, lateAgencies } from './late-agencies';
export type { LateAgencyState, LateAgencySnapshot, LateAgencyRow } from './late-agencies';
export type { PeriodQuery } from './timeliness/accumulate';
export { GROUP_DIMENSIONS } from './timeliness/group';
export type { GroupDimension, GroupKey } from './timeliness/group';
export { procedureInfo } from './timeliness/catalog-info';
export type { ProcedureInfo } from './timeliness/catalog-info';

// Circular 01/2018
export { tt01Projection } from './tt01/projection';
export type { Tt01State, Tt01Snapshot, Tt01Options } from './tt01/projection';
export { Tt01Counters } from './tt01/counters';
export { tt01Report, officialBand, agencyBand, OFFICIAL_INDICES } from './tt01/report';
export type { Tt01Row, Tt01Query, Tt01Index, OfficialBand, AgencyBand } from './tt01/report';

// Satisfaction
export { satisfactionProjection } from './satisfaction/projection';
export type { SatisfactionState, SatisfactionSnapshot, SatisfactionOptions } from './satisfaction/projection';
export { SatisfactionCounters } from './satisfaction/counters';
export type { SatisfactionCell, SatisfactionCounterKind } from './satisfaction/counters';
export { satisfactionReport, THREE_LEVEL_SCALE } from './satisfaction/report';
export type { SatisfactionQuery, SatisfactionRow, SatisfactionLevel, SatisfactionDimension } from './satisfaction/report';

// Counter rows by (day, cell), under the satisfaction and TT 01/2018 counters
export { DayCounters } from './day-counters';
export type { CounterValues } from './day-counters';

// Reception SLA (brief §10)
export { receptionProjection, DEFAULT_RECEPTION_LIMIT } from './reception/projection';
export { checkRulePacks } from './rule-packs';
export type { RulePackSetting } from './rule-packs';
export type { ReceptionState, ReceptionSnapshot, ReceptionOptions, ReceptionProjection, ReceptionRec } from './reception/projection';
export { receptionReport } from './reception/report';
export type { ReceptionQuery, ReceptionRow, ReceptionDimension } from './reception/report';

// Control slip (form 05)
export { controlSlipProjection, controlSlipOf, controlSlipFromStore } from './control-slip/projection';
export type { ControlSlipState, ControlSlipOptions } from './control-slip/projection';

// Labels and export
export { COLUMNS_06A, EXTRA_06A, GROUP_LABELS, STATUS_LABELS, INDICATOR_766_LABELS, TT01_LABELS, label } from './labels';
export type { Label } from './labels';
export { table06a, table766, tableTt01, tableSatisfaction, tableReception, toCsv, toJson } from './export';
export type { Table, Lang } from './export';

// Rebuild: every report projection from the whole log, on worker threads, merged (issue #16.4)
export { rebuildProjections, DEFAULT_PARTITION_BATCH, DEFAULT_WORKER_HEAP_MB } from './rebuild/rebuild';
export type { RebuildOptions, RebuildResult, RebuiltProjection } from './rebuild/rebuild';
export { rebuildable, REBUILD_COMMON_METADATA_KEYS, REBUILD_KINDS, REBUILD_METADATA_KEYS, REBUILD_METADATA_KEYS_BY_TYPE } from './rebuild/specs';
export { partitionFold, type PartitionFoldOptions } from './rebuild/fold';
export type { RebuildCorrections } from './rebuild/corrections';
export type { PartitionFold } from './rebuild/fold';
export type { PartitionSource } from './rebuild/source';
export type { MergeOptions, RebuildSpec, Rebuildable } from './rebuild/specs';
export { mergeTimeliness, mergeTt01, mergeSatisfaction, mergeReception, mergeLateAgencies } from './rebuild/merge';
export { partitionOf } from './rebuild/partition';
export { progressBar, formatProgress, progressAt } from './rebuild/progress';
export type { RebuildProgress } from './rebuild/progress';
