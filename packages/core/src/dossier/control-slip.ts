import { classifyResolved, defaultCalendar, type Due, type TimeLimit, type Timeliness, type WorkingCalendar } from '../deadlines';
import { applyCorrections } from '../corrections/apply';
import type { Label } from '../events/define';
import { EVENT_LABELS, unknownEventType } from '../events/schemas';
import type { DossierEvent } from '../events/types';
import type { StepEntry } from '../events/approval';

/** One hand-over row of the control slip. */
export interface ControlSlipRow {
  /** 1-based row number. */
  no: number;
  /** What happened, in Vietnamese and English. */
  step: { vi: string; en: string };
  from: string;
  to: string;
  at: string;
  /** Who recorded it (event actor). */
  actor?: string;
  /** The deadline this step is measured against, if any. */
  due?: Due;
  timeliness?: Timeliness;
  /** Free text entered by officers (reasons) is the same in both languages. */
  note?: { vi: string; en: string };
  /** Stream version of the event behind the row. */
  version: number;
}

/** Form 05 (Phiếu kiểm soát quá trình giải quyết hồ sơ): header and hand-over rows. */
export interface ControlSlip {
  dossierCode?: string;
  procedure?: { code: string; version: string };
  applicant?: string;
  receivedAt?: string;
  limit?: { vi: string; en: string };
  due?: Due;
  rows: ControlSlipRow[];
}

/** Form 04 under NĐ 118/2025 Đ19.6 (TT 03/2025): the extension request that replaced the apology letter. */
const EXTENSION_LABEL: Label = Object.freeze({ vi: 'Phiếu đề nghị gia hạn thời gian giải quyết (Mẫu 04)', en: 'Extension of the time limit (Form 04)' });

/** The last internal step forwarded: the leader signed (lãnh đạo ký duyệt). */
const SIGNED_LABEL: Label = Object.freeze({ vi: 'Lãnh đạo ký duyệt', en: 'Signed by the leader' });

const METHOD_VI = { counter: 'tại quầy', postal: 'bưu chính', online: 'trực tuyến' } as const;

const UNIT_LABEL = {
  workingDays: { vi: 'ngày làm việc', en: 'working days' },
  workingHours: { vi: 'giờ làm việc', en: 'working hours' },
  calendarDays: { vi: 'ngày', en: 'calendar days' },
} as const;

const fmtLimit = (limit: TimeLimit): { vi: string; en: string } =>
  limit.unit === 'sameDay'
    ? { vi: `trong ngày (sau ${limit.cutoff ?? '15:00'} → ngày làm việc tiếp theo)`, en: `same day (after ${limit.cutoff ?? '15:00'} → next working day)` }
    : { vi: `${limit.value} ${UNIT_LABEL[limit.unit].vi}`, en: `${limit.value} ${UNIT_LABEL[limit.unit].en}` };

/**
 * Build the control slip (Form 05) of a dossier from its events: the event
 * log, rendered. Each hand-over is measured against its own deadline
 * (transfer deadline, leg budget, consultation deadline, due date) as the
 * reports measure it: a step the engine judged (transfer, inter-agency leg,
 * internal step, result correction) is late exactly when its event says so;
 * the result against the due date in force reads like 06a's default
 * (`classifyResolved`: for limits in working hours late once working time has
 * elapsed after the due — from the first working instant after it, on
 * `options.calendar`, default `vietnamCalendar()` —, else by the day), and a
 * supplement requested after that due date does not move it.
 *
 * @example
 * ```ts
 * const slip = controlSlip(await engine.history(id), { calendar: engine.calendar });
 * slip.rows.map((r) => `${r.step.vi}: ${r.from} → ${r.to} ${r.timeliness ?? ''}`);
 * ```
 */
export function controlSlip(events: readonly DossierEvent[], options: { calendar?: WorkingCalendar } = {}): ControlSlip {
  const calendar = options.calendar ?? defaultCalendar();
  const byWorkingTime = { policy: 'workingTime' as const, calendar };
  const slip: ControlSlip = { rows: [] };
  let unit = 'Bộ phận Một cửa';
  let applicant = 'Người nộp hồ sơ';
  let agency = 'Cơ quan giải quyết';
  let due: Due | undefined;
  let limit: TimeLimit | undefined;
  /** The open supplement request was made after the due date in force: its answer does not restart the clock (metrics.md §2). */
  let lateRequest = false;
  /** The apology's new date (Form 04), once issued. */
  let rescheduledTo: string | undefined;
  let transferDue: Due | undefined;
  let correctionDue: Due | undefined;
  let legs: { agency: { name: string }; due?: Due }[] = [];
  let sequential = false;
  const consultations = new Map<string, { agency: string; deadline: string }>();
  // The internal approval route (quy trình nội bộ): the step in progress, its holder and deadline.
  let step: { name: string; holder: string; due?: Due } | undefined;
  const enter = (entry: StepEntry | undefined) =>
    (step = entry && {
      name: entry.label ?? entry.role,
      holder: entry.assignee ? (entry.assignee.name ?? entry.assignee.id) : (entry.label ?? entry.role),
      ...(entry.dueAt ? { due: { date: entry.dueAt.slice(0, 10), at: entry.dueAt } } : {}),
    });
  /** A row leaving the current step: measured against its internal deadline (`late` from the event, which knows the step's unit). */
  const leave = (late: boolean) => (step?.due ? { due: step.due, timeliness: late ? ('late' as const) : ('onTime' as const) } : {});
  const label = (vi: string, en: string = vi) => ({ vi, en });
  /** The reports' default comparison for the dossier's limit: working time for working hours, else days. */
  const measure = (at: string, against: Due): Timeliness => (limit?.unit === 'workingHours' ? classifyResolved(at, against, byWorkingTime) : classifyResolved(at, against));
  /** A step the engine judged: late exactly when its event says so; otherwise early or on time by day. */
  const judged = (late: boolean, at: string, against: Due): Timeliness => {
    if (late) return 'late';
    const byDay = classifyResolved(at, against);
    return byDay === 'late' ? 'onTime' : byDay;
  };
  const add = (event: DossierEvent, from: string, to: string, extra: Partial<ControlSlipRow> = {}, step: Label = EVENT_LABELS[event.type]) => {
    const measured = extra.due ? { timeliness: measure(event.metadata.occurredAt, extra.due) } : {};
    slip.rows.push({
      no: slip.rows.length + 1,
      step,
      from,
      to,
      at: event.metadata.occurredAt,
      ...(event.metadata.actor ? { actor: event.metadata.actor.name ?? event.metadata.actor.id } : {}),
      version: event.version,
      ...measured,
      ...extra,
    });
  };
  // Corrected times in their rows; each correction is a row of its own (docs/security.md).
  for (const event of applyCorrections(events)) {
    switch (event.type) {
      case 'DossierSubmitted':
        applicant = event.data.applicant.name;
        unit = event.data.unit.name;
        add(event, applicant, unit);
        break;
      case 'IntakeSupplementRequested':
        if (event.data.intake) {
          unit = event.data.intake.unit.name;
          applicant = event.data.intake.applicant.name;
        }
        add(event, unit, applicant, { note: label(event.data.reason) });
        break;
      case 'ReceptionRefused':
        add(event, unit, applicant, { note: label(event.data.reason) });
        break;
      case 'DossierAccepted':
        unit = event.data.unit.name;
        applicant = event.data.applicant.name;
        due = event.data.due;
        limit = event.data.limit;
        Object.assign(slip, {
          dossierCode: event.data.dossierCode,
          procedure: event.data.procedure,
          applicant,
          receivedAt: event.metadata.occurredAt,
          limit: fmtLimit(event.data.limit),
          due,
        });
        transferDue = event.data.transferDue;
        add(event, applicant, unit, { note: label(`Hẹn trả ${event.data.due.date}`, `Due ${event.data.due.date}`) });
        break;
      case 'DossierTransferred': {
        agency = event.data.to.name;
        enter(event.data.step);
        // A transfer across administrative boundaries carries its own due (NĐ 118/2025 Đ20.1); else the acceptance's.
        const against = event.data.due ?? transferDue;
        add(event, event.data.from.name, event.data.to.name, {
          ...(against ? { due: against, timeliness: judged(event.data.late, event.metadata.occurredAt, against) } : {}),
          note: event.data.mode === 'paper' ? label('hồ sơ giấy', 'paper') : label('điện tử', 'electronic'),
        });
        break;
      }
      case 'OfficerAssigned':
        add(event, agency, event.data.officer.name ?? event.data.officer.id);
        break;
      case 'StepAssigned':
        // The first step of a dossier transferred before its procedure had a route is entered at its first assignment.
        if (!step && event.data.step) enter(event.data.step);
        if (step) step.holder = event.data.officer.name ?? event.data.officer.id;
        add(event, agency, event.data.officer.name ?? event.data.officer.id, step ? { note: label(step.name) } : {});
        break;
      case 'StepForwarded': {
        const from = step;
        const measured = leave(event.data.late);
        enter(event.data.to);
        add(
          event,
          event.data.by ? (event.data.by.name ?? event.data.by.id) : (from?.holder ?? agency),
          step?.holder ?? agency,
          {
            ...measured,
            note: label(
              `${from?.name ?? event.data.from.stepId} → ${step?.name ?? 'đã ký'}${event.data.note ? `: ${event.data.note}` : ''}`,
              `${from?.name ?? event.data.from.stepId} → ${step?.name ?? 'signed'}${event.data.note ? `: ${event.data.note}` : ''}`,
            ),
          },
          event.data.to ? EVENT_LABELS.StepForwarded : SIGNED_LABEL,
        );
        break;
      }
      case 'ReturnedForRework': {
        const from = step;
        const measured = leave(event.data.late);
        enter(event.data.to);
        add(event, from?.holder ?? agency, step?.holder ?? agency, { ...measured, note: label(`${from?.name ?? event.data.from.stepId} → ${step?.name}: ${event.data.reason}`) });
        break;
      }
      case 'VerificationRecorded':
        add(event, agency, event.data.place, { note: label(event.data.content) });
        break;
      case 'ConsultationRequested':
        consultations.set(event.data.consultationId, { agency: event.data.agency.name, deadline: event.data.deadline });
        add(event, agency, event.data.agency.name, { note: label(`hạn ${event.data.deadline}`, `due ${event.data.deadline}`) });
        break;
      case 'ConsultationAnswered': {
        const consultation = consultations.get(event.data.consultationId);
        add(event, consultation?.agency ?? '?', agency, {
          timeliness: event.data.late ? 'late' : 'onTime',
          ...(consultation ? { note: label(`hạn ${consultation.deadline}`, `due ${consultation.deadline}`) } : {}),
        });
        break;
      }
      case 'SupplementRequested':
        lateRequest = due !== undefined && measure(event.metadata.occurredAt, due) === 'late';
        add(
          event,
          agency,
          applicant,
          { note: label(event.data.reason + (event.data.lateNotice ? ' — thông báo muộn' : ''), event.data.reason + (event.data.lateNotice ? ' — late notice' : '')) },
          label(`Yêu cầu bổ sung lần ${event.data.requestNo} (Mẫu 02)`, `Supplement request #${event.data.requestNo} (Form 02)`),
        );
        break;
      case 'SupplementProvided':
        if (event.data.step) enter(event.data.step);
        if (lateRequest && due && rescheduledTo !== undefined && event.data.due.date !== due.date) {
          // Requested after the original due date but within the rescheduled one: the engine restarted the appointment
          // (`SupplementProvided.due`), which the note states; the slip keeps measuring against the original reading
          // (06a's default), where the request came after the due date and restarts nothing.
          add(
            event,
            applicant,
            agency,
            {
              note: label(
                `Hẹn trả mới ${event.data.due.date} (yêu cầu bổ sung trước ngày hẹn lại ${rescheduledTo}); theo hẹn ban đầu ${due.date}: yêu cầu sau hạn, không tính lại`,
                `New due date ${event.data.due.date} (supplement requested before the rescheduled date ${rescheduledTo}); against the original ${due.date}: requested after it, no restart`,
              ),
            },
            label('Nhận hồ sơ bổ sung', 'Supplement received'),
          );
        } else if (lateRequest && due) {
          // Requested after the due date in force: the dossier was already late, and the answer does not restart the clock.
          add(
            event,
            applicant,
            agency,
            { note: label(`Hẹn trả giữ nguyên ${due.date} (yêu cầu bổ sung sau hạn)`, `Due date stays ${due.date} (supplement requested after it)`) },
            label('Nhận hồ sơ bổ sung', 'Supplement received'),
          );
        } else {
          due = event.data.due;
          add(event, applicant, agency, { note: label(`Hẹn trả mới ${event.data.due.date}`, `New due date ${event.data.due.date}`) });
        }
        lateRequest = false;
        break;
      case 'FeeRequested':
        add(event, agency, applicant, { note: label(`${event.data.totalVnd.toLocaleString('vi-VN')} đồng`, `${event.data.totalVnd.toLocaleString('en-US')} VND`) });
        break;
      case 'FeePaid':
        if (event.data.step) enter(event.data.step);
        add(event, applicant, agency, {
          note:
            event.data.method === 'online' ? label(`trực tuyến (${event.data.gateway})`, `online (${event.data.gateway})`) : label(METHOD_VI[event.data.method], event.data.method),
        });
        break;
      case 'InterAgencyStarted':
        legs = event.data.legs.map((l) => ({ agency: l.agency, ...(l.due ? { due: l.due } : {}) }));
        sequential = event.data.mode === 'sequential';
        for (const leg of event.data.legs.filter((x) => x.due)) add(event, agency, leg.agency.name, { note: label(`hạn ${leg.due!.date}`, `due ${leg.due!.date}`) });
        break;
      case 'LegCompleted': {
        const leg = legs[event.data.legIndex];
        const next = sequential ? legs[event.data.legIndex + 1] : undefined;
        if (next && event.data.nextLegDue) next.due = event.data.nextLegDue;
        add(event, leg?.agency.name ?? '?', next?.agency.name ?? agency, {
          ...(leg?.due ? { due: leg.due, timeliness: judged(event.data.late, event.metadata.occurredAt, leg.due) } : {}),
          ...(event.data.result ? { note: label(event.data.result) } : {}),
        });
        break;
      }
      case 'ApologyIssued':
        rescheduledTo = event.data.newDue.date;
        add(
          event,
          unit,
          applicant,
          {
            note: label(
              `${event.data.originalDue.date} → ${event.data.newDue.date}${event.data.lateApology ? ' (muộn)' : ''}: ${event.data.lateUnit} — ${event.data.reason}${event.data.notify?.length ? ` — báo người nộp qua ${event.data.notify.join(', ')}` : ''}`,
              `${event.data.originalDue.date} → ${event.data.newDue.date}${event.data.lateApology ? ' (late)' : ''}: ${event.data.lateUnit} — ${event.data.reason}${event.data.notify?.length ? ` — applicant told by ${event.data.notify.join(', ')}` : ''}`,
            ),
          },
          event.data.form === 'extension' ? EXTENSION_LABEL : EVENT_LABELS.ApologyIssued,
        );
        break;
      case 'DossierAmended': {
        // NĐ 118/2025 Đ21: the applicant's amendment reaches the one-stop unit; the due date does not move.
        const n = event.data.components?.length;
        add(event, applicant, unit, {
          note: label(
            `${event.data.description}${n === undefined ? '' : ` — thay thế thành phần hồ sơ (${n})`}`,
            `${event.data.description}${n === undefined ? '' : ` — components replaced (${n})`}`,
          ),
        });
        break;
      }
      case 'WithdrawalRequested':
        add(event, applicant, unit);
        break;
      case 'ProcessingStopped':
        add(event, agency, applicant, { note: label(event.data.reason) });
        break;
      case 'DossierResolved':
        add(event, agency, unit, {
          ...(due ? { due } : {}),
          ...(event.data.resultDocumentCode
            ? { note: label(`Mã kết quả điện tử ${event.data.resultDocumentCode}`, `Electronic result code ${event.data.resultDocumentCode}`) }
            : {}),
        });
        break;
      case 'ResolutionRefused':
        add(event, agency, unit, { ...(due ? { due } : {}), note: label(event.data.reason) });
        break;
      case 'EarlyReturnNotified':
        add(event, unit, applicant, { note: label(event.data.channel) });
        break;
      case 'DossierClosed':
        add(event, unit, applicant, {
          note: event.data.periodEnded
            ? label(`${event.data.reason} (hạn bổ sung ${event.data.periodEnded})`, `${event.data.reason} (supplement period ended ${event.data.periodEnded})`)
            : label(event.data.reason),
        });
        break;
      case 'ResultErrorReported':
        correctionDue = event.data.due;
        add(event, event.data.reportedBy === 'applicant' ? applicant : agency, unit, {
          note: event.data.due
            ? label(`${event.data.description} — sửa trước ${event.data.due.date}`, `${event.data.description} — correct by ${event.data.due.date}`)
            : label(event.data.description),
        });
        break;
      case 'ResultCorrected':
        add(event, agency, applicant, {
          ...(correctionDue ? { due: correctionDue } : {}),
          timeliness: event.data.late ? 'late' : 'onTime',
          ...(event.data.note ? { note: label(event.data.note) } : {}),
        });
        correctionDue = undefined;
        break;
      case 'ResultReturned':
        add(event, unit, applicant, { note: label(METHOD_VI[event.data.method], event.data.method) });
        break;
      case 'EventCorrected':
        add(event, event.metadata.actor?.unit ?? agency, unit, {
          note: label(
            `${EVENT_LABELS[event.data.target.type].vi}: thời điểm ${event.data.from} → ${event.data.to}; lý do: ${event.data.reason}`,
            `${EVENT_LABELS[event.data.target.type].en}: time ${event.data.from} → ${event.data.to}; reason: ${event.data.reason}`,
          ),
        });
        break;
      case 'IntakeSupplementProvided':
      case 'DossierRated':
      case 'PetitionFiled':
      case 'PetitionAnswered':
      case 'PortalSynced':
        break; // not a hand-over
      default:
        unknownEventType(event, undefined);
    }
  }
  return slip;
}
