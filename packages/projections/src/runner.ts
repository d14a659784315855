/**
 * The projection runner lives next to the event-store port, in `@motcua/core`
 * (`packages/core/src/projection/runner.ts`): one runner for the reports, the
 * deadline watcher and indexes. Re-exported here so existing code keeps working.
 */
export { createProjectionRunner } from '@motcua/core';
export type { ProjectionRunner, ProjectionRunnerOptions, ProjectionTurn, SkippedEvent } from '@motcua/core';
