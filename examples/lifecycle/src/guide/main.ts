import { createEngine, DEFAULT_POLICY_2025, type DeadlineAlert, type EventStore } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { DPI, provinceCatalog, UNIT } from './catalog.ts';
import { dossierHandler, type ActorOf } from './http.ts';
import { periodReports } from './reports.ts';
import { reminders } from './watcher.ts';

/** The whole embedding on one store: an engine, its HTTP handler, a month of reports, reminders. */
export async function runGuide(store: EventStore) {
  const catalog = provinceCatalog();
  const engine = createEngine({ store, catalog, calendar: vietnamCalendar(), policy: DEFAULT_POLICY_2025 });

  // For the guide the caller says who he is in headers; in production take it from your sign-in.
  const actorOf: ActorOf = (r) => ({ id: r.headers.get('x-user') ?? '', role: r.headers.get('x-role') ?? '', unit: r.headers.get('x-unit') ?? undefined });
  const handle = dossierHandler(engine, actorOf);
  const officer = { 'x-user': 'cb-01', 'x-role': 'receivingOfficer', 'x-unit': UNIT.code };
  const specialist = { 'x-user': 'cv-07', 'x-role': 'specialist', 'x-unit': DPI.code };
  const post = (dossierId: string, who: Record<string, string>, body: object) =>
    handle(
      new Request(`http://desk.local/dossiers/${dossierId}/commands`, { method: 'POST', headers: { 'content-type': 'application/json', ...who }, body: JSON.stringify(body) }),
    );

  // Dossier A: received Monday 06/10/2025 09:00, 3 working days → due Thursday 09/10; resolved and returned in time.
  const dossierA = crypto.randomUUID();
  const intake = { procedureCode: '2.002030', unit: UNIT, applicant: { name: 'Nguyễn Văn An', idNumber: '001085012345' }, channel: 'direct' };
  const received = await post(dossierA, officer, { type: 'ReceiveDossier', ...intake, at: '2025-10-06T09:00:00+07:00' });
  await post(dossierA, officer, { type: 'TransferDossier', to: DPI, at: '2025-10-06T10:00:00+07:00' });
  await post(dossierA, specialist, { type: 'RequestFee', items: [{ name: 'Lệ phí đăng ký doanh nghiệp', amountVnd: 50_000 }], at: '2025-10-07T09:00:00+07:00' });
  await post(dossierA, officer, { type: 'RecordFeePayment', amountVnd: 50_000, method: 'counter', at: '2025-10-07T10:00:00+07:00' });
  await post(dossierA, specialist, { type: 'Resolve', at: '2025-10-08T15:00:00+07:00' });
  const returned = await post(dossierA, officer, { type: 'ReturnResult', method: 'counter', at: '2025-10-09T09:00:00+07:00' });

  // Dossier B: received the same morning and left pending.
  const dossierB = crypto.randomUUID();
  await post(dossierB, officer, { type: 'ReceiveDossier', ...intake, at: '2025-10-06T10:00:00+07:00' });

  // What a client gets wrong, and the status it gets back.
  const invalid = await post(crypto.randomUUID(), officer, { type: 'ReceiveDossier', ...intake, procedureCode: 'abc' }); // 400
  const wrongState = await post(dossierB, officer, { type: 'ReturnResult', method: 'counter' }); // 409
  const forbidden = await post(dossierB, specialist, { type: 'ReturnResult', method: 'counter' }); // 403
  const missing = await handle(new Request(`http://desk.local/dossiers/${crypto.randomUUID()}`)); // 404

  // October's reports.
  const reports = await periodReports(store, catalog, '2025-10-01', '2025-10-31');

  // Reminders at two instants of business time.
  const alerts: DeadlineAlert[] = [];
  const watcher = reminders(store, catalog, async (alert) => {
    alerts.push(alert);
  });
  await watcher.catchUp();
  await watcher.tick('2025-10-08T09:00:00+07:00');
  await watcher.tick('2025-10-10T08:00:00+07:00');
  await watcher.stop();

  return { dossiers: { a: dossierA, b: dossierB }, received, returned, invalid, wrongState, forbidden, missing, reports, alerts };
}
