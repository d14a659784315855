import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  citizenRoute,
  createCatalog,
  createCitizenTransport,
  createEngine,
  defineProcedure,
  createOutboxRelay,
  dossierStreamId,
  InMemoryEventStore,
  InMemoryKeyStore,
  InMemoryOutboxStore,
  protectPersonalData,
  smsChannel,
  type Catalog,
  type CommandBody,
  type CommandInput,
  type Procedure,
} from '@motcua/core';
import { sampleCatalog, sampleProcedures } from '@motcua/core/testkit';
import { applicant, officer, unit } from './helpers';

/*
 * The notification route on events the engine really writes (not hand-made):
 * a dossier received at the counter gives one SMS whose dossier code and
 * appointment day are the ones the receipt event recorded, written dd/MM/yyyy
 * here by splitting the ISO date (an independent formatting).
 */
it('a dossier received by the engine sends one SMS with its code and appointment day, through the privacy layer', async () => {
  const store = protectPersonalData(new InMemoryEventStore(), { keys: new InMemoryKeyStore() });
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none', clock: () => new Date('2024-10-28T02:00:00Z') });
  const dossierId = uuidv7();
  const run = (body: CommandBody) => engine.execute({ actor: officer, ...body, commandId: uuidv7(), dossierId } as CommandInput);
  const procedureCode = sampleCatalog().list()[0]!.code;
  await run({ type: 'ReceiveDossier', procedureCode, unit, applicant, channel: 'direct' } as CommandBody);
  const sent: { to: string; text: string }[] = [];
  const relay = createOutboxRelay({
    log: store,
    outbox: new InMemoryOutboxStore(),
    routes: [citizenRoute()],
    transports: { citizen: createCitizenTransport({ log: store, channels: [smsChannel({ send: async (to, text) => void sent.push({ to, text }) })] }) },
  });
  await relay.pump();
  const { events } = await store.readStream(dossierStreamId(dossierId));
  const accepted = events.find((e) => e.type === 'DossierAccepted')!.data as { dossierCode: string; due: { date: string } };
  const [year, month, day] = accepted.due.date.split('-');
  expect(sent).toHaveLength(1);
  expect(sent[0]!.to).toBe(applicant.phone);
  expect(sent[0]!.text).toContain(`Kính gửi ông/bà ${applicant.name}:`);
  expect(sent[0]!.text).toContain(`hồ sơ ${accepted.dossierCode} ngày 28/10/2024`);
  expect(sent[0]!.text).toContain(`Ngày hẹn trả kết quả: ${day}/${month}/${year}.`);
});

/*
 * What the citizen is sent for whole lifecycles the engine writes. Expected
 * texts are written by hand from the rule (dates dd/MM/yyyy on Vietnam's local
 * day, the appointment and closure days counted by hand from the article);
 * only the dossier code is read back from the receipt event (its format is
 * not under test here).
 */
type Step = [local: string, body: Record<string, unknown>];

/** `catalog`: give the transport the engine's catalog (`true`) or another one. */
async function lifecycle(steps: Step[], options: { catalog?: boolean | Catalog; procedures?: Procedure[] } = {}) {
  const store = protectPersonalData(new InMemoryEventStore(), { keys: new InMemoryKeyStore() });
  const catalog = createCatalog({ procedures: [...sampleCatalog().list(), ...(options.procedures ?? [])] });
  const engine = createEngine({ store, catalog, policy: 'none' });
  const dossierId = uuidv7();
  for (const [local, body] of steps) await engine.execute({ actor: officer, ...body, at: `${local}:00.000+07:00`, commandId: uuidv7(), dossierId } as CommandInput);
  const sent: { to: string; text: string }[] = [];
  const suppressed: [string, string][] = [];
  const relay = createOutboxRelay({
    log: store,
    outbox: new InMemoryOutboxStore(),
    routes: [citizenRoute()],
    transports: {
      citizen: createCitizenTransport({
        log: store,
        channels: [smsChannel({ send: async (to, text) => void sent.push({ to, text }) })],
        onSuppressed: (message, reason) => void suppressed.push([message.kind, reason]),
        ...(options.catalog ? { catalog: options.catalog === true ? catalog : options.catalog } : {}),
      }),
    },
  });
  await relay.pump();
  const { events } = await store.readStream(dossierStreamId(dossierId));
  const code = (events.find((e) => e.type === 'DossierAccepted')?.data as { dossierCode?: string } | undefined)?.dossierCode;
  return { texts: sent.map((s) => s.text), to: sent.map((s) => s.to), suppressed, code: code ?? '(no code)', stats: await relay.stats() };
}

const CERTIFIED_COPY = '2.000815'; // instant (NĐ 61/2018 Đ17.4), same day with the 15:00 rule (NĐ 23/2015 Đ7)
const BUSINESS = '2.002030'; // 3 working days, online
const hello = `Kính gửi ông/bà ${applicant.name}: `;

describe('instant procedures (NĐ 61/2018 Đ17.4: no receipt unless asked; the result is already in hand)', () => {
  it('HandleInstantly (2.000815, return at the counter) sends nothing: no receipt, no "come and collect"', async () => {
    const { texts, suppressed, stats } = await lifecycle([['2025-07-07T09:00', { type: 'HandleInstantly', procedureCode: CERTIFIED_COPY, unit, applicant, channel: 'direct' }]]);
    expect(texts).toEqual([]);
    expect(suppressed).toEqual([
      ['receipt', 'instant'],
      ['result-ready', 'instant'],
    ]);
    expect(stats.pending).toBe(0);
  });

  it('HandleInstantly with an electronic result returned online sends nothing either', async () => {
    const { texts } = await lifecycle([
      ['2025-07-07T09:00', { type: 'HandleInstantly', procedureCode: CERTIFIED_COPY, unit, applicant, channel: 'direct', electronicResult: true, returnMethod: 'online' }],
    ]);
    expect(texts).toEqual([]);
  });

  it('the same procedure received after 15:00 and resolved the next day in separate commands still gets the receipt and "result ready"', async () => {
    const { texts, code } = await lifecycle([
      ['2025-07-07T16:00', { type: 'ReceiveDossier', procedureCode: CERTIFIED_COPY, unit, applicant, channel: 'direct' }],
      ['2025-07-08T08:00', { type: 'TransferDossier' }],
      ['2025-07-08T08:30', { type: 'Resolve' }],
      ['2025-07-08T10:00', { type: 'ReturnResult', method: 'counter' }],
    ]);
    expect(texts).toEqual([
      // Received Mon 07/07/2025 after 15:00: the next working day, Tue 08/07/2025.
      `${hello}${unit.name} đã tiếp nhận hồ sơ ${code} ngày 07/07/2025. Ngày hẹn trả kết quả: 08/07/2025. Tra cứu tình trạng hồ sơ bằng mã ${code}.`,
      `${hello}hồ sơ ${code} đã có kết quả ngày 08/07/2025. Mời ông/bà đến Bộ phận Một cửa nhận kết quả.`,
    ]);
  });

  it('an ordinary dossier received, then resolved, gets both notices (the return later sends nothing)', async () => {
    const { texts, code } = await lifecycle([
      ['2024-03-04T09:00', { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct' }],
      ['2024-03-04T10:00', { type: 'TransferDossier' }],
      ['2024-03-06T10:00', { type: 'Resolve', electronicResult: false }],
      ['2024-03-07T09:00', { type: 'ReturnResult', method: 'counter' }],
    ]);
    expect(texts).toEqual([
      // Mon 04/03/2024 + 3 working days, the receipt day not counted: Thu 07/03/2024.
      `${hello}${unit.name} đã tiếp nhận hồ sơ ${code} ngày 04/03/2024. Ngày hẹn trả kết quả: 07/03/2024. Tra cứu tình trạng hồ sơ bằng mã ${code}.`,
      `${hello}hồ sơ ${code} đã có kết quả ngày 06/03/2024. Mời ông/bà đến Bộ phận Một cửa nhận kết quả.`,
    ]);
  });
});

describe('notices of the reception refusal, the stop and the closure', () => {
  it('an online dossier refused at reception (Form 03) gets its one notice, with the reason and no dossier code', async () => {
    const { texts, to } = await lifecycle([
      ['2025-07-07T10:00', { type: 'SubmitOnline', procedureCode: BUSINESS, unit, applicant, channel: 'online' }],
      ['2025-07-07T14:00', { type: 'RefuseReception', reason: 'Ngành, nghề đăng ký kinh doanh bị cấm đầu tư kinh doanh' }],
    ]);
    expect(texts).toEqual([`${hello}hồ sơ của ông/bà không được tiếp nhận (ngày 07/07/2025). Lý do: Ngành, nghề đăng ký kinh doanh bị cấm đầu tư kinh doanh.`]);
    expect(to).toEqual([applicant.phone]);
  });

  it('a dossier whose processing is stopped (status 8) is told so, with the reason', async () => {
    const { texts, code } = await lifecycle([
      ['2024-03-04T09:00', { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct' }],
      ['2024-03-04T10:00', { type: 'TransferDossier' }],
      ['2024-03-05T09:00', { type: 'RequestWithdrawal', reason: 'Không còn nhu cầu' }],
      ['2024-03-05T15:00', { type: 'StopProcessing', reason: 'Công dân đề nghị rút hồ sơ' }],
    ]);
    expect(texts.at(-1)).toBe(`${hello}hồ sơ ${code} đã dừng giải quyết từ ngày 05/03/2024. Lý do: Công dân đề nghị rút hồ sơ.`);
    expect(texts).toHaveLength(2);
  });

  it('NĐ 118/2025 Đ19.5: the supplement notice gives the last day (notice Wed 02/07/2025 + 15 days = 17/07); the closure is notified', async () => {
    const { texts, code } = await lifecycle(
      [
        ['2025-07-01T09:00', { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct' }],
        ['2025-07-01T10:00', { type: 'TransferDossier' }],
        ['2025-07-02T10:00', { type: 'RequestSupplement', items: [{ name: 'Điều lệ công ty' }], reason: 'Thiếu điều lệ' }],
        ['2025-07-18T08:00', { type: 'CloseDossier', reason: 'Quá 15 ngày không bổ sung hồ sơ' }],
      ],
      { catalog: true },
    );
    expect(texts.slice(1)).toEqual([
      `${hello}hồ sơ ${code} cần bổ sung: 1) Điều lệ công ty. Lý do: Thiếu điều lệ. Hạn bổ sung, hoàn thiện hồ sơ: hết ngày 17/07/2025; quá hạn, hồ sơ sẽ bị đóng. ` +
        'Thời hạn giải quyết được tính lại từ ngày nhận đủ hồ sơ bổ sung.',
      `${hello}hồ sơ ${code} đã bị đóng ngày 18/07/2025 do không được bổ sung, hoàn thiện trong thời hạn (hết ngày 17/07/2025). Lý do: Quá 15 ngày không bổ sung hồ sơ.`,
    ]);
  });

  it("a procedure's own period (sector law, 30 days) at intake: notice Wed 02/07/2025 → the last day is Fri 01/08/2025", async () => {
    const sector = defineProcedure({ ...sampleProcedures.businessRegistration, code: '2.900001', supplementPeriodDays: 30 });
    const steps: Step[] = [
      [
        '2025-07-02T10:00',
        {
          type: 'RequestIntakeSupplement',
          items: [{ name: 'Điều lệ công ty' }],
          reason: 'Thiếu điều lệ',
          intake: { procedureCode: sector.code, unit, applicant, channel: 'direct' },
        },
      ],
    ];
    const request = `${hello}hồ sơ của ông/bà chưa đủ thành phần để tiếp nhận. Đề nghị bổ sung: 1) Điều lệ công ty. Lý do: Thiếu điều lệ.`;
    const { texts } = await lifecycle(steps, { catalog: true, procedures: [sector] });
    expect(texts).toEqual([`${request} Hạn bổ sung, hoàn thiện hồ sơ: hết ngày 01/08/2025; quá hạn, hồ sơ sẽ bị đóng.`]);
    // The transport's catalog lacks the procedure: no day, rather than the pack's 15 days (17/07) the procedure overrides.
    const other = await lifecycle(steps, { catalog: sampleCatalog(), procedures: [sector] });
    expect(other.texts).toEqual([request]);
  });

  it('no last day under NĐ 61/2018 (no closure), nor without the catalog (no day rather than a wrong one)', async () => {
    const steps = (day: string): Step[] => [
      [`${day}T09:00`, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct' }],
      [`${day}T10:00`, { type: 'TransferDossier' }],
      [`${day}T11:00`, { type: 'RequestSupplement', items: [{ name: 'Điều lệ công ty' }], reason: 'Thiếu điều lệ' }],
    ];
    const expected = (code: string) =>
      `${hello}hồ sơ ${code} cần bổ sung: 1) Điều lệ công ty. Lý do: Thiếu điều lệ. Thời hạn giải quyết được tính lại từ ngày nhận đủ hồ sơ bổ sung.`;
    const old = await lifecycle(steps('2025-06-30'), { catalog: true });
    expect(old.texts[1]).toBe(expected(old.code));
    const uncatalogued = await lifecycle(steps('2025-07-01'));
    expect(uncatalogued.texts[1]).toBe(expected(uncatalogued.code));
  });
});
