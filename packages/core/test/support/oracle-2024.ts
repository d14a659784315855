/**
 * The hand-typed 2024 working-day oracle (independent of the packages under
 * test) lives with the calendar's tests; core's deadline tests use the same one.
 */
export * from '../../../calendar/test/support/oracle-2024';
