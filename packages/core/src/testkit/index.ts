/**
 * @motcua/core/testkit — the event-store contract suite every adapter runs
 * unchanged, given/when/then helpers for testing procedures, and sample
 * procedures.
 */
export * from './store-contract';
export { scenario } from './scenario';
export type { ScenarioCommand, ScenarioOutcome, ScenarioThen } from './scenario';
export { sampleProcedures, sampleCatalog, approvalSampleProcedures, approvalSampleCatalog } from '../samples';
export { engineContract } from './engine-contract';
export { groupCommitContract } from './group-commit-contract';
export type { Same } from './same-type';
export { outboxStoreContract, seededRandom } from './outbox-contract';
export type { OutboxFixture } from './outbox-contract';
