import type { Draft } from 'immer';
import type { DossierEvent } from '../events/types';
import type { DossierState } from './state';

type D = Draft<DossierState>;

/**
 * Apply one event's data to a dossier draft (immer). The machine part (state
 * key, status) is applied by the fold; this is the data part only.
 * Pure: depends only on the draft and the event.
 */
export function applyEventData(d: D, e: DossierEvent): void {
  const at = e.metadata.occurredAt;
  switch (e.type) {
    case 'DossierSubmitted':
      takeIntake(d, e.data);
      d.submittedAt = at;
      return;
    case 'IntakeSupplementRequested':
      if (e.data.intake) takeIntake(d, e.data.intake);
      d.intakeSupplements.push({ requestedAt: at, reason: e.data.reason, itemCount: e.data.items.length });
      return;
    case 'IntakeSupplementProvided': {
      const last = d.intakeSupplements[d.intakeSupplements.length - 1];
      if (last) last.providedAt = at;
      if (e.data.components) d.components = e.data.components;
      return;
    }
    case 'ReceptionRefused':
      if (e.data.intake) takeIntake(d, e.data.intake);
      d.refusedAtIntake = { at, reason: e.data.reason };
      return;
    case 'DossierAccepted':
      takeIntake(d, e.data);
      d.acceptedAt = at;
      d.dossierCode = e.data.dossierCode;
      d.limit = e.data.limit;
      d.due = { original: e.data.due, legal: e.data.due };
      d.transfer = { due: e.data.transferDue };
      if (e.data.handedOverAt) d.handedOverAt = e.data.handedOverAt;
      return;
    case 'DossierTransferred':
      // Write field by field: spreading a draft would copy proxies into a new object.
      if (!d.transfer) d.transfer = { due: { date: at.slice(0, 10), at } };
      d.transfer.at = at;
      d.transfer.late = e.data.late;
      d.transfer.to = e.data.to;
      d.transfer.mode = e.data.mode;
      return;
    case 'OfficerAssigned':
      d.officer = e.data.officer;
      return;
    case 'VerificationRecorded':
      d.verifications += 1;
      return;
    case 'ConsultationRequested':
      d.consultations.push({ id: e.data.consultationId, agency: e.data.agency, requestedAt: at, deadline: e.data.deadline });
      return;
    case 'ConsultationAnswered': {
      const c = d.consultations.find((x) => x.id === e.data.consultationId && !x.answeredAt);
      if (c) {
        c.answeredAt = at;
        c.late = e.data.late;
      }
      return;
    }
    case 'SupplementRequested':
      d.supplements.push({ requestNo: e.data.requestNo, requestedAt: at, items: e.data.items, reason: e.data.reason, lateNotice: e.data.lateNotice });
      return;
    case 'SupplementProvided': {
      const last = d.supplements[d.supplements.length - 1];
      if (last) last.providedAt = at;
      if (d.due) d.due.legal = e.data.due;
      return;
    }
    case 'FeeRequested':
      d.fees.requested.push({ at, totalVnd: e.data.totalVnd });
      return;
    case 'FeePaid':
      d.fees.paid.push({ at, amountVnd: e.data.amountVnd, method: e.data.method, ...(e.data.gateway ? { gateway: e.data.gateway } : {}) });
      return;
    case 'InterAgencyStarted':
      d.route = {
        mode: e.data.mode,
        startedAt: at,
        legs: e.data.legs.map((l) => ({ ...l, ...(l.due ? { startedAt: at } : {}) })),
      };
      return;
    case 'LegCompleted': {
      const legs = d.route?.legs;
      const leg = legs?.[e.data.legIndex];
      if (leg) {
        leg.completedAt = at;
        leg.late = e.data.late;
        const next = legs![e.data.legIndex + 1];
        if (d.route!.mode === 'sequential' && next && e.data.nextLegDue) {
          next.startedAt = at;
          next.due = e.data.nextLegDue;
        }
      }
      return;
    }
    case 'ApologyIssued':
      d.apology = { at, reason: e.data.reason, lateUnit: e.data.lateUnit, originalDue: e.data.originalDue, newDue: e.data.newDue, lateApology: e.data.lateApology };
      if (d.due) d.due.rescheduled = e.data.newDue;
      return;
    case 'WithdrawalRequested':
      d.withdrawal = { at, ...(e.data.reason ? { reason: e.data.reason } : {}) };
      return;
    case 'ProcessingStopped':
      d.stopped = { at, reason: e.data.reason, cause: e.data.cause };
      return;
    case 'DossierResolved':
      d.resolution = { at, outcome: 'granted', electronicResult: e.data.electronicResult };
      return;
    case 'ResolutionRefused':
      d.resolution = { at, outcome: 'refused', reason: e.data.reason, electronicResult: false };
      return;
    case 'EarlyReturnNotified':
      d.earlyReturnNotifiedAt = at;
      return;
    case 'ResultReturned':
      d.returned = { at, method: e.data.method };
      return;
    case 'DossierRated':
      d.ratings.push({ at, channel: e.data.channel, ratings: e.data.ratings, ...(e.data.like !== undefined ? { like: e.data.like } : {}) });
      return;
    case 'PetitionFiled':
      d.petitions.push({ id: e.data.petitionId, filedAt: at });
      return;
    case 'PetitionAnswered': {
      const p = d.petitions.find((x) => x.id === e.data.petitionId);
      if (p) {
        p.answeredAt = at;
        p.outcome = e.data.outcome;
        p.late = e.data.late;
      }
      return;
    }
    case 'PortalSynced':
      d.portalSyncs += 1;
      return;
  }
}

function takeIntake(
  d: D,
  x: {
    procedure: { code: string; version: string };
    rulePack: string;
    unit: DossierState['unit'] & object;
    applicant: DossierState['applicant'] & object;
    channel: NonNullable<DossierState['channel']>;
    components: DossierState['components'];
    usesPopulationData: boolean;
  },
): void {
  d.procedure = x.procedure;
  d.rulePack = x.rulePack;
  d.unit = x.unit;
  d.applicant = x.applicant;
  d.channel = x.channel;
  d.components = x.components;
  d.usesPopulationData = x.usesPopulationData;
}
