/**
 * Control slip (Form 05, Phiếu kiểm soát quá trình giải quyết hồ sơ) per
 * dossier: every hand-over with from/to, time, actor and that step's
 * timeliness against its deadline (transfer deadline, leg budget,
 * consultation deadline, due date). Rows are rendered by core's
 * `controlSlip(events)`; this projection keeps each dossier's events while it
 * is open and for a window after it ends. For older dossiers read the stream:
 * {@link controlSlipFromStore}.
 */
import type { WorkingCalendar } from '@motcua/calendar';
import { DOSSIER_STREAM_PREFIX, controlSlip, dossierStreamId, type ControlSlip, type DossierEvent, type EventStore, type StoredEvent } from '@motcua/core';
import type { Projection } from '../projection';
import { dayOfInstant } from '../time';
import { closeTracked, emptyTracked, lateRecord, restartWindow, tickTracked, tracked, trackedFromJson, trackedToJson, type Tracked, type TrackedSnapshot } from '../tracker';

export interface SlipRec {
  closedDay: number;
  events: StoredEvent[];
}

/** State of the control-slip projection: the tracked dossiers' slips. */
export type ControlSlipState = Tracked<SlipRec>;

/** Options of {@link controlSlipProjection}. */
export interface ControlSlipOptions {
  /** Keep an ended dossier's slip this many days (default 90). */
  retentionDays?: number;
  name?: string;
}

const ENDS = new Set(['ResultReturned', 'ProcessingStopped', 'DossierClosed', 'ReceptionRefused']);
/**
 * Steps of a returned dossier (NĐ 118/2025 Đ23.1, NĐ 61/2018 Đ21: an error in the result reported, then corrected):
 * rows of the slip after its end. Each restarts the retention window when it came within it ({@link restartWindow}, as
 * the return restarts the reports' window), so a correction more than `retentionDays` after the return, but within
 * them of the report, is on the slip with its report.
 */
const LATER_STEPS = new Set(['ResultErrorReported', 'ResultCorrected']);

/**
 * The control-slip projection.
 * @example
 * ```ts
 * const runner = createProjectionRunner({ store, projection: controlSlipProjection() });
 * await runner.catchUp();
 * controlSlipOf(runner.state, dossierId)?.rows;
 * ```
 */
export function controlSlipProjection(options: ControlSlipOptions = {}): Projection<ControlSlipState, TrackedSnapshot<SlipRec>> {
  const windowDays = options.retentionDays ?? 90;
  return {
    name: options.name ?? 'control-slip',
    version: `control-slip/3/window=${windowDays}`,
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX },
    init: () => emptyTracked<SlipRec>(),
    toSnapshot: trackedToJson,
    fromSnapshot: trackedFromJson,
    apply(tracker, event) {
      const day = dayOfInstant(event.metadata.occurredAt);
      let record = lateRecord(tracker, event.streamId, day, windowDays);
      if (!record) {
        if (event.version !== 1) {
          tracker.unattributed++;
          return tracker;
        }
        tracker.open.set(event.streamId, (record = { closedDay: -1, events: [] }));
      }
      record.events.push({ streamId: event.streamId, version: event.version, position: event.position, type: event.type, data: event.data, metadata: event.metadata });
      if (ENDS.has(event.type) && record.closedDay < 0) closeTracked(tracker, event.streamId, record, day);
      else if (LATER_STEPS.has(event.type)) restartWindow(tracker, event.streamId, day, windowDays);
      tickTracked(tracker, day, windowDays);
      return tracker;
    },
  };
}

/**
 * The control slip of a dossier held by the projection (open, or ended within the retention window). `calendar`:
 * the deadline calendar a limit in working hours is measured on (core's `controlSlip`; default `vietnamCalendar()`).
 * @example controlSlipOf(runner.state, dossierId)?.rows[0]?.step.vi // 'Tiếp nhận hồ sơ (Mẫu 01)'
 */
export function controlSlipOf(state: ControlSlipState, dossierId: string, options: { calendar?: WorkingCalendar } = {}): ControlSlip | undefined {
  const record = tracked(state, dossierStreamId(dossierId)) ?? tracked(state, dossierId);
  return record ? controlSlip(record.events as DossierEvent[], options) : undefined;
}

/**
 * The control slip of any dossier, read from its stream (`calendar` as in {@link controlSlipOf}).
 * @example const slip = await controlSlipFromStore(store, dossierId);
 */
export async function controlSlipFromStore(store: EventStore, dossierId: string, options: { calendar?: WorkingCalendar } = {}): Promise<ControlSlip> {
  const { events } = await store.readStream(dossierStreamId(dossierId));
  return controlSlip(events as DossierEvent[], options);
}
