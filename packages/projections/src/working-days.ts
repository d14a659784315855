/**
 * Working-day counts for projections: the calendar's own day index
 * (`workingDayIndex` of `@motcua/calendar`), not a copy. Not part of any
 * projection state.
 */
export { workingDayIndex, type WorkingDayIndex } from '@motcua/calendar';
