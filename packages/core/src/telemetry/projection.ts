import { COUNTERS, SPANS, type Telemetry } from './types';

/** A projection runner's totals, read before and after a catch-up. */
export interface RunnerProgress {
  position: number;
  /** Events read since the runner was created. */
  eventsRead: number;
  /** Events skipped since the runner was created. */
  skipped: number;
}

/**
 * One catch-up of a projection runner in its span (`motcua.project`: the
 * projection, what started it, the positions, events read and skipped), and
 * the counters of events read and skipped. Only used when the runner has
 * telemetry.
 */
export async function tracedCatchUp(telemetry: Telemetry, projection: string, mode: string, catchUp: () => Promise<number>, progress: () => RunnerProgress): Promise<number> {
  const before = progress();
  const span = telemetry.span(SPANS.project, { 'motcua.projection': projection, 'motcua.project.mode': mode, 'motcua.position.from': before.position });
  try {
    const head = await (telemetry.run ? telemetry.run(span, catchUp) : catchUp());
    span.set({ 'motcua.position.to': head });
    return head;
  } catch (error) {
    span.fail(error);
    throw error;
  } finally {
    const after = progress();
    const [read, skipped] = [after.eventsRead - before.eventsRead, after.skipped - before.skipped];
    span.set({ 'motcua.events': read, 'motcua.events.skipped': skipped });
    span.end();
    if (read > 0) telemetry.count(COUNTERS.projectionEvents, read, { 'motcua.projection': projection });
    if (skipped > 0) telemetry.count(COUNTERS.projectionSkipped, skipped, { 'motcua.projection': projection });
  }
}
