/** The projection runtime next to the event-store port: one runner for every follower of the log. */
export { foldProjection, combineProjections } from './projection';
export type { Projection, CombinedState } from './projection';
export { createProjectionRunner } from './runner';
export type { ProjectionRunner, ProjectionRunnerOptions, ProjectionTurn, SkippedEvent } from './runner-types';
