/**
 * The `Projection` type, `foldProjection` and `combineProjections` live in
 * `@motcua/core` (`packages/core/src/projection/`), next to the runner.
 * Re-exported here for the report projections and existing code.
 */
export { foldProjection, combineProjections } from '@motcua/core';
export type { Projection, CombinedState } from '@motcua/core';
