import { classifyResolved, type Due, type TimeLimit, type Timeliness } from '../deadlines';
import { applyCorrections } from '../corrections/apply';
import type { Label } from '../events/define';
import { EVENT_LABELS, unknownEventType } from '../events/schemas';
import type { DossierEvent } from '../events/types';

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

const METHOD_VI = { counter: 'tại quầy', postal: 'bưu chính', online: 'trực tuyến' } as const;

const UNIT_LABEL = {
  workingDays: { vi: 'ngày làm việc', en: 'working days' },
  workingHours: { vi: 'giờ làm việc', en: 'working hours' },
  calendarDays: { vi: 'ngày', en: 'calendar days' },
} as const;

const fmtLimit = (l: TimeLimit): { vi: string; en: string } =>
  l.unit === 'sameDay'
    ? { vi: `trong ngày (sau ${l.cutoff ?? '15:00'} → ngày làm việc tiếp theo)`, en: `same day (after ${l.cutoff ?? '15:00'} → next working day)` }
    : { vi: `${l.value} ${UNIT_LABEL[l.unit].vi}`, en: `${l.value} ${UNIT_LABEL[l.unit].en}` };

/**
 * Build the control slip (Form 05) of a dossier from its events: the event
 * log, rendered. Each hand-over is measured against its own deadline
 * (transfer deadline, leg budget, consultation deadline, due date) with the
 * `day` policy of `classifyResolved`.
 *
 * @example
 * ```ts
 * const slip = controlSlip(await engine.history(id));
 * slip.rows.map((r) => `${r.step.vi}: ${r.from} → ${r.to} ${r.timeliness ?? ''}`);
 * ```
 */
export function controlSlip(events: readonly DossierEvent[]): ControlSlip {
  const slip: ControlSlip = { rows: [] };
  let unit = 'Bộ phận Một cửa';
  let applicant = 'Người nộp hồ sơ';
  let agency = 'Cơ quan giải quyết';
  let due: Due | undefined;
  let transferDue: Due | undefined;
  let correctionDue: Due | undefined;
  let legs: { agency: { name: string }; due?: Due }[] = [];
  let sequential = false;
  const consultations = new Map<string, { agency: string; deadline: string }>();
  const n = (vi: string, en: string = vi) => ({ vi, en });
  const add = (e: DossierEvent, from: string, to: string, extra: Partial<ControlSlipRow> = {}, step: Label = EVENT_LABELS[e.type]) => {
    const measured = extra.due ? { timeliness: classifyResolved(e.metadata.occurredAt, extra.due) } : {};
    slip.rows.push({
      no: slip.rows.length + 1,
      step,
      from,
      to,
      at: e.metadata.occurredAt,
      ...(e.metadata.actor ? { actor: e.metadata.actor.name ?? e.metadata.actor.id } : {}),
      version: e.version,
      ...measured,
      ...extra,
    });
  };
  // Corrected times in their rows; each correction is a row of its own (docs/security.md).
  for (const e of applyCorrections(events)) {
    switch (e.type) {
      case 'DossierSubmitted':
        applicant = e.data.applicant.name;
        unit = e.data.unit.name;
        add(e, applicant, unit);
        break;
      case 'IntakeSupplementRequested':
        if (e.data.intake) {
          unit = e.data.intake.unit.name;
          applicant = e.data.intake.applicant.name;
        }
        add(e, unit, applicant, { note: n(e.data.reason) });
        break;
      case 'ReceptionRefused':
        add(e, unit, applicant, { note: n(e.data.reason) });
        break;
      case 'DossierAccepted':
        unit = e.data.unit.name;
        applicant = e.data.applicant.name;
        due = e.data.due;
        Object.assign(slip, { dossierCode: e.data.dossierCode, procedure: e.data.procedure, applicant, receivedAt: e.metadata.occurredAt, limit: fmtLimit(e.data.limit), due });
        transferDue = e.data.transferDue;
        add(e, applicant, unit, { note: n(`Hẹn trả ${e.data.due.date}`, `Due ${e.data.due.date}`) });
        break;
      case 'DossierTransferred':
        agency = e.data.to.name;
        add(e, e.data.from.name, e.data.to.name, {
          ...(transferDue ? { due: transferDue } : {}),
          note: e.data.mode === 'paper' ? n('hồ sơ giấy', 'paper') : n('điện tử', 'electronic'),
        });
        break;
      case 'OfficerAssigned':
        add(e, agency, e.data.officer.name ?? e.data.officer.id);
        break;
      case 'VerificationRecorded':
        add(e, agency, e.data.place, { note: n(e.data.content) });
        break;
      case 'ConsultationRequested':
        consultations.set(e.data.consultationId, { agency: e.data.agency.name, deadline: e.data.deadline });
        add(e, agency, e.data.agency.name, { note: n(`hạn ${e.data.deadline}`, `due ${e.data.deadline}`) });
        break;
      case 'ConsultationAnswered': {
        const c = consultations.get(e.data.consultationId);
        add(e, c?.agency ?? '?', agency, { timeliness: e.data.late ? 'late' : 'onTime', ...(c ? { note: n(`hạn ${c.deadline}`, `due ${c.deadline}`) } : {}) });
        break;
      }
      case 'SupplementRequested':
        add(
          e,
          agency,
          applicant,
          { note: n(e.data.reason + (e.data.lateNotice ? ' — thông báo muộn' : ''), e.data.reason + (e.data.lateNotice ? ' — late notice' : '')) },
          n(`Yêu cầu bổ sung lần ${e.data.requestNo} (Mẫu 02)`, `Supplement request #${e.data.requestNo} (Form 02)`),
        );
        break;
      case 'SupplementProvided':
        due = e.data.due;
        add(e, applicant, agency, { note: n(`Hẹn trả mới ${e.data.due.date}`, `New due date ${e.data.due.date}`) });
        break;
      case 'FeeRequested':
        add(e, agency, applicant, { note: n(`${e.data.totalVnd.toLocaleString('vi-VN')} đồng`, `${e.data.totalVnd.toLocaleString('en-US')} VND`) });
        break;
      case 'FeePaid':
        add(e, applicant, agency, {
          note: e.data.method === 'online' ? n(`trực tuyến (${e.data.gateway})`, `online (${e.data.gateway})`) : n(METHOD_VI[e.data.method], e.data.method),
        });
        break;
      case 'InterAgencyStarted':
        legs = e.data.legs.map((l) => ({ agency: l.agency, ...(l.due ? { due: l.due } : {}) }));
        sequential = e.data.mode === 'sequential';
        for (const l of e.data.legs.filter((x) => x.due)) add(e, agency, l.agency.name, { note: n(`hạn ${l.due!.date}`, `due ${l.due!.date}`) });
        break;
      case 'LegCompleted': {
        const leg = legs[e.data.legIndex];
        const next = sequential ? legs[e.data.legIndex + 1] : undefined;
        if (next && e.data.nextLegDue) next.due = e.data.nextLegDue;
        add(e, leg?.agency.name ?? '?', next?.agency.name ?? agency, { ...(leg?.due ? { due: leg.due } : {}), ...(e.data.result ? { note: n(e.data.result) } : {}) });
        break;
      }
      case 'ApologyIssued':
        add(
          e,
          unit,
          applicant,
          {
            note: n(
              `${e.data.originalDue.date} → ${e.data.newDue.date}${e.data.lateApology ? ' (muộn)' : ''}: ${e.data.reason}${e.data.notify?.length ? ` — báo người nộp qua ${e.data.notify.join(', ')}` : ''}`,
              `${e.data.originalDue.date} → ${e.data.newDue.date}${e.data.lateApology ? ' (late)' : ''}: ${e.data.reason}${e.data.notify?.length ? ` — applicant told by ${e.data.notify.join(', ')}` : ''}`,
            ),
          },
          e.data.form === 'extension' ? EXTENSION_LABEL : EVENT_LABELS.ApologyIssued,
        );
        break;
      case 'WithdrawalRequested':
        add(e, applicant, unit);
        break;
      case 'ProcessingStopped':
        add(e, agency, applicant, { note: n(e.data.reason) });
        break;
      case 'DossierResolved':
        add(e, agency, unit, {
          ...(due ? { due } : {}),
          ...(e.data.resultDocumentCode ? { note: n(`Mã kết quả điện tử ${e.data.resultDocumentCode}`, `Electronic result code ${e.data.resultDocumentCode}`) } : {}),
        });
        break;
      case 'ResolutionRefused':
        add(e, agency, unit, { ...(due ? { due } : {}), note: n(e.data.reason) });
        break;
      case 'EarlyReturnNotified':
        add(e, unit, applicant, { note: n(e.data.channel) });
        break;
      case 'DossierClosed':
        add(e, unit, applicant, {
          note: e.data.periodEnded
            ? n(`${e.data.reason} (hạn bổ sung ${e.data.periodEnded})`, `${e.data.reason} (supplement period ended ${e.data.periodEnded})`)
            : n(e.data.reason),
        });
        break;
      case 'ResultErrorReported':
        correctionDue = e.data.due;
        add(e, e.data.reportedBy === 'applicant' ? applicant : agency, unit, {
          note: e.data.due ? n(`${e.data.description} — sửa trước ${e.data.due.date}`, `${e.data.description} — correct by ${e.data.due.date}`) : n(e.data.description),
        });
        break;
      case 'ResultCorrected':
        add(e, agency, applicant, {
          ...(correctionDue ? { due: correctionDue } : {}),
          timeliness: e.data.late ? 'late' : 'onTime',
          ...(e.data.note ? { note: n(e.data.note) } : {}),
        });
        correctionDue = undefined;
        break;
      case 'ResultReturned':
        add(e, unit, applicant, { note: n(METHOD_VI[e.data.method], e.data.method) });
        break;
      case 'EventCorrected':
        add(e, e.metadata.actor?.unit ?? agency, unit, {
          note: n(
            `${EVENT_LABELS[e.data.target.type].vi}: thời điểm ${e.data.from} → ${e.data.to}; lý do: ${e.data.reason}`,
            `${EVENT_LABELS[e.data.target.type].en}: time ${e.data.from} → ${e.data.to}; reason: ${e.data.reason}`,
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
        unknownEventType(e, undefined);
    }
  }
  return slip;
}
