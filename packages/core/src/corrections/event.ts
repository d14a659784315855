import { z } from 'zod';
import { defineEvent } from '../events/define';
import { CORRECTABLE_FIELDS, CORRECTABLE_TYPES } from './correctable';

/**
 * A field of an earlier event, corrected (đính chính): the stored event stays
 * as it was; this event supersedes the field in every view (the dossier's
 * state, `applyCorrections`, the reports, the control slip). The approver is
 * the event's actor; `requestedBy` the officer who asked, when given.
 */
export const EventCorrected = defineEvent({
  schema: z.object({
    /** The corrected event: the dossier's one event of this type before the correction. */
    target: z.object({ type: z.enum(CORRECTABLE_TYPES) }),
    field: z.enum(CORRECTABLE_FIELDS),
    /** The value superseded (the current one when the correction was approved). */
    from: z.string(),
    /** The corrected value (for `occurredAt`: a canonical instant, `…+07:00`). */
    to: z.string(),
    reason: z.string().min(1),
    requestedBy: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  }),
  writes: [],
  evolve: (draft, data) => {
    if (data.field !== 'occurredAt') return;
    if (data.target.type === 'ResultReturned') {
      if (draft.returned) draft.returned = { ...draft.returned, at: data.to };
    } else if (draft.resolution) draft.resolution = { ...draft.resolution, at: data.to };
  },
  label: { vi: 'Đính chính thông tin đã ghi nhận', en: 'Entry corrected' },
});
