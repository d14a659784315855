/**
 * The province simulation as a library (used by examples/postgres and the tests).
 */
export { SIM_PROCEDURES, simulationCatalog, simulationProcedures, cutCatalog, profileOf, TWO_TIER_FROM } from './catalog';
export type { SimProcedure, SimProfile, UnitKind } from './catalog';
export { GIA_LAM, GIA_LAM_2025, LANG_SON, SCALES, arrivals, receptionDays, dayFactor } from './workload';
export type { Scale, SimUnit, Arrival, ArrivalOptions } from './workload';
export { planDossier, apologyStep, officerTime } from './scenario';
export type { DossierPlan, PlannedStep, PlanContext, Role } from './scenario';
export { runSimulation } from './run';
export type { RunOptions, RunStats, Progress } from './run';
export { buildReport } from './report';
export type { ProvinceReport, SlowProcedure } from './report';
export { renderReport } from './render';
export type { Lang } from './render';
export { simulate } from './simulate';
export type { SimulationInput, SimulationResult } from './simulate';
export { parseOptions, USAGE, UsageError, EARLIEST, LATEST } from './options';
export type { SimOptions } from './options';
export { openStore, openPostgres } from './stores';
export type { OpenedStore } from './stores';
export { main, renderSummary } from './cli';
export { progressReporter } from './progress';
export { rng, hash32, numberedUuid, uuidFrom } from './random';
export type { Rng } from './random';
