import { commandSchemas, type Command } from '../commands/schemas';
import { MotcuaError } from '../errors';
import type { Appended } from '../engine/append';
import type { ExecuteResult } from '../engine/types';
import { COUNTERS, HISTOGRAMS, SPANS, type Telemetry, type TelemetrySpan } from './types';

/** The command type as an attribute: a known type, else `invalid` (hostile input must not make new series). */
function commandType(input: unknown): string {
  const type = (input as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && Object.hasOwn(commandSchemas, type) ? type : 'invalid';
}

/** `refused`: the caller's error (a `MotcuaError` below 500); `failed`: anything else. */
const failureOutcome = (e: unknown): string => (e instanceof MotcuaError && e.httpStatus < 500 ? 'refused' : 'failed');

/**
 * `engine.execute` with its span (`motcua.execute`), the commands counter and
 * the duration histogram. Only built when the engine has telemetry.
 */
export function tracedExecute(telemetry: Telemetry, execute: (input: unknown, span: TelemetrySpan) => Promise<ExecuteResult>): (input: unknown) => Promise<ExecuteResult> {
  return async (input) => {
    const type = commandType(input);
    const span = telemetry.span(SPANS.execute, { 'motcua.command.type': type });
    const start = performance.now();
    let outcome = 'failed';
    try {
      const work = () => execute(input, span);
      const result = await (telemetry.run ? telemetry.run(span, work) : work());
      outcome = result.duplicate ? 'duplicate' : 'appended';
      span.set({ 'motcua.outcome': outcome, 'motcua.dossier.id': result.dossierId, 'motcua.events': result.events.length, 'motcua.dossier.version': result.state.version });
      return result;
    } catch (error) {
      outcome = failureOutcome(error);
      span.set({ 'motcua.outcome': outcome, ...(error instanceof MotcuaError ? { 'motcua.error.code': error.code } : {}) });
      span.fail(error);
      throw error;
    } finally {
      span.end();
      const attributes = { 'motcua.command.type': type, 'motcua.outcome': outcome };
      telemetry.count(COUNTERS.commands, 1, attributes);
      telemetry.record?.(HISTOGRAMS.commandDuration, performance.now() - start, attributes);
    }
  };
}

/** An append with its span (`motcua.append`, a child of the command's `execute` span). */
export async function tracedAppend(
  telemetry: Telemetry,
  parent: TelemetrySpan | undefined,
  command: Command,
  streamId: string,
  events: number,
  append: () => Promise<Appended>,
): Promise<Appended> {
  const span = telemetry.span(SPANS.append, { 'motcua.command.type': command.type, 'motcua.stream.id': streamId, 'motcua.events': events }, parent);
  try {
    const done = await (telemetry.run ? telemetry.run(span, append) : append());
    span.set({ 'motcua.outcome': done.kind });
    if (done.kind !== 'appended') span.fail(done.error);
    return done;
  } finally {
    span.end();
  }
}

/** Count a lost expected-version check. */
export function countConflict(telemetry: Telemetry | undefined, command: Command, attempt: 'optimistic' | 'verified'): void {
  telemetry?.count(COUNTERS.conflicts, 1, { 'motcua.command.type': command.type, 'motcua.attempt': attempt });
}

/** Count a retry after a lost race, and note the retries so far on the command's span. */
export function countRetry(telemetry: Telemetry | undefined, command: Command, retries: number, span: TelemetrySpan | undefined): void {
  telemetry?.count(COUNTERS.retries, 1, { 'motcua.command.type': command.type });
  span?.set({ 'motcua.retries': retries });
}
