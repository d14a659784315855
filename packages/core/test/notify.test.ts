import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  citizenRoute,
  consoleChannel,
  createCitizenTransport,
  createOutboxRelay,
  emailChannel,
  fileChannel,
  InMemoryEventStore,
  InMemoryKeyStore,
  InMemoryOutboxStore,
  protectPersonalData,
  smsChannel,
  subjectOfStream,
  vietnameseDate,
} from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';

/*
 * Citizen notifications (issue #15 item 5). The expected texts are written by
 * hand from each event (dossier code, dates as dd/MM/yyyy in Vietnam's local
 * day, items, reasons), not produced by the code under test. The applicant's
 * data is read through the privacy layer: an erased applicant gets nothing.
 */

const PERSON = { name: 'Nguyễn Thị Hoà', idNumber: '001190000123', phone: '0912345678', email: 'hoa.nguyen@example.vn', address: 'Số 5 ngõ 7 phố Huế' };
const UNIT = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const CODE = 'H56.01-241027-0001';
const due = (date: string) => ({ date, at: `${date}T17:00:00.000+07:00` });

const accepted = () =>
  makeTestEvent(
    'DossierAccepted',
    {
      procedure: { code: '1.000001', version: '1' },
      rulePack: 'nd61-2018',
      unit: UNIT,
      applicant: { ...PERSON, kind: 'citizen' },
      channel: 'direct',
      components: [],
      usesPopulationData: false,
      dossierCode: CODE,
      limit: { value: 5, unit: 'workingDays' },
      due: due('2024-11-04'),
      transferDue: due('2024-10-28'),
    },
    { occurredAt: '2024-10-27T08:30:00+07:00' },
  );

function setup(channels = (sent: { to: string; text: string; kind: string }[]) => [smsChannel({ send: async (to, text) => void sent.push({ to, text, kind: 'sms' }) })]) {
  const keys = new InMemoryKeyStore();
  const store = protectPersonalData(new InMemoryEventStore(), { keys });
  const outbox = new InMemoryOutboxStore();
  const sent: { to: string; text: string; kind: string }[] = [];
  const suppressed: [string, string][] = [];
  const relay = createOutboxRelay({
    log: store,
    outbox,
    routes: [citizenRoute()],
    transports: { citizen: createCitizenTransport({ log: store, channels: channels(sent), onSuppressed: (m, reason) => suppressed.push([m.kind, reason]) }) },
  });
  return { store, outbox, relay, sent, suppressed };
}

describe('citizen notification texts (written by hand from the events)', () => {
  it('receipt: dossier code, day received and appointment day, to the phone', async () => {
    const { store, relay, sent } = setup();
    await store.append('hs-1', [accepted()]);
    await relay.pump();
    expect(sent).toEqual([
      {
        kind: 'sms',
        to: '0912345678',
        text:
          'Kính gửi ông/bà Nguyễn Thị Hoà: Bộ phận Một cửa UBND xã Đông Anh đã tiếp nhận hồ sơ H56.01-241027-0001 ngày 27/10/2024. ' +
          'Ngày hẹn trả kết quả: 04/11/2024. Tra cứu tình trạng hồ sơ bằng mã H56.01-241027-0001.',
      },
    ]);
  });

  it('the day received is the local day in Vietnam (UTC+7): 23:30 UTC on the 26th is the 27th', async () => {
    const { store, relay, sent } = setup();
    const event = accepted();
    event.metadata.occurredAt = '2024-10-26T23:30:00.000Z';
    await store.append('hs-1', [event]);
    await relay.pump();
    expect(sent[0]?.text).toContain('ngày 27/10/2024');
  });

  it('supplement after appraisal: every missing item, the reason, the restarted clock', async () => {
    const { store, relay, sent } = setup();
    await store.append('hs-1', [
      accepted(),
      makeTestEvent('SupplementRequested', {
        items: [{ name: 'Bản sao Giấy chứng nhận quyền sử dụng đất' }, { name: 'Sơ đồ thửa đất', note: 'có xác nhận của xã' }],
        reason: 'Thiếu giấy tờ chứng minh nguồn gốc đất',
        requestNo: 1,
        lateNotice: false,
      }),
    ]);
    await relay.pump();
    expect(sent[1]?.text).toBe(
      'Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ H56.01-241027-0001 cần bổ sung: 1) Bản sao Giấy chứng nhận quyền sử dụng đất; 2) Sơ đồ thửa đất (có xác nhận của xã). ' +
        'Lý do: Thiếu giấy tờ chứng minh nguồn gốc đất. Thời hạn giải quyết được tính lại từ ngày nhận đủ hồ sơ bổ sung.',
    );
  });

  it('supplement at intake: not accepted yet, so no dossier code', async () => {
    const { store, relay, sent } = setup();
    await store.append('hs-2', [
      makeTestEvent('IntakeSupplementRequested', {
        items: [{ name: 'Tờ khai đăng ký khai sinh' }],
        reason: 'Tờ khai chưa có chữ ký',
        intake: { procedure: { code: '1.000001', version: '1' }, rulePack: 'nd61-2018', unit: UNIT, applicant: { ...PERSON, kind: 'citizen' }, channel: 'direct', components: [] },
      }),
    ]);
    await relay.pump();
    expect(sent).toEqual([
      {
        kind: 'sms',
        to: '0912345678',
        text: 'Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ của ông/bà chưa đủ thành phần để tiếp nhận. Đề nghị bổ sung: 1) Tờ khai đăng ký khai sinh. Lý do: Tờ khai chưa có chữ ký.',
      },
    ]);
  });

  it('apology (Form 04) and, under NĐ 118/2025, an extension request: old and new dates, reason, the late unit', async () => {
    const { store, relay, sent } = setup();
    const apology = (form: 'apology' | 'extension') =>
      makeTestEvent('ApologyIssued', {
        reason: 'Chờ ý kiến của Sở Tài nguyên và Môi trường',
        lateUnit: 'Phòng Kinh tế',
        originalDue: due('2024-11-04'),
        newDue: due('2024-11-11'),
        lateApology: false,
        form,
      });
    await store.append('hs-1', [accepted(), apology('apology')]);
    await store.append('hs-3', [{ ...accepted() }, apology('extension')]);
    await relay.pump();
    const texts = sent.map((s) => s.text);
    expect(texts).toContain(
      'Kính gửi ông/bà Nguyễn Thị Hoà: Phòng Kinh tế xin lỗi vì hồ sơ H56.01-241027-0001 không trả kết quả đúng hẹn ngày 04/11/2024. ' +
        'Lý do: Chờ ý kiến của Sở Tài nguyên và Môi trường. Ngày hẹn trả kết quả mới: 11/11/2024.',
    );
    expect(texts).toContain(
      'Kính gửi ông/bà Nguyễn Thị Hoà: Phòng Kinh tế đề nghị gia hạn thời gian giải quyết hồ sơ H56.01-241027-0001 đến ngày 11/11/2024 (hạn cũ 04/11/2024). ' +
        'Lý do: Chờ ý kiến của Sở Tài nguyên và Môi trường.',
    );
  });

  it('result ready (paper and electronic) and refusal, with the dossier code read from the receipt', async () => {
    const { store, relay, sent } = setup();
    await store.append('hs-1', [accepted(), makeTestEvent('DossierResolved', { electronicResult: false, resultFiles: [] }, { occurredAt: '2024-11-01T10:00:00+07:00' })]);
    await store.append('hs-4', [accepted(), makeTestEvent('DossierResolved', { electronicResult: true, resultFiles: [] }, { occurredAt: '2024-11-02T10:00:00+07:00' })]);
    await store.append('hs-5', [accepted(), makeTestEvent('ResolutionRefused', { reason: 'Không đủ điều kiện cấp phép' }, { occurredAt: '2024-11-03T10:00:00+07:00' })]);
    await relay.pump();
    const texts = sent.map((s) => s.text);
    expect(texts).toContain('Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ H56.01-241027-0001 đã có kết quả ngày 01/11/2024. Mời ông/bà đến Bộ phận Một cửa nhận kết quả.');
    expect(texts).toContain(
      'Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ H56.01-241027-0001 đã có kết quả ngày 02/11/2024. Kết quả điện tử đã được gửi vào tài khoản của ông/bà trên Cổng Dịch vụ công.',
    );
    expect(texts).toContain('Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ H56.01-241027-0001 không được giải quyết (ngày 03/11/2024). Lý do: Không đủ điều kiện cấp phép.');
  });

  it('refused at reception (Form 03), stopped, closed (with and without the last day, older logs): the reason and the local day', async () => {
    const { store, relay, sent } = setup();
    const intake = {
      procedure: { code: '1.000001', version: '1' },
      rulePack: 'nd118-2025',
      unit: UNIT,
      applicant: { ...PERSON, kind: 'citizen' },
      channel: 'online',
      components: [],
    };
    await store.append('hs-6', [makeTestEvent('ReceptionRefused', { reason: 'Không thuộc thẩm quyền giải quyết', intake }, { occurredAt: '2025-07-06T23:30:00.000Z' })]);
    await store.append('hs-7', [
      accepted(),
      makeTestEvent('ProcessingStopped', { reason: 'Công dân đề nghị rút hồ sơ', cause: 'withdrawal' }, { occurredAt: '2024-11-05T09:00:00+07:00' }),
    ]);
    await store.append('hs-8', [
      accepted(),
      makeTestEvent('DossierClosed', { reason: 'Không bổ sung hồ sơ trong thời hạn', periodEnded: '2025-07-17' }, { occurredAt: '2025-07-18T00:00:00.000+07:00' }),
    ]);
    await store.append('hs-9', [accepted(), makeTestEvent('DossierClosed', { reason: 'Không bổ sung hồ sơ trong thời hạn' }, { occurredAt: '2025-07-21T08:00:00+07:00' })]);
    await relay.pump();
    const texts = sent.map((s) => s.text);
    // 23:30 UTC on the 6th is 06:30 on the 7th in Vietnam.
    expect(texts).toContain('Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ của ông/bà không được tiếp nhận (ngày 07/07/2025). Lý do: Không thuộc thẩm quyền giải quyết.');
    expect(texts).toContain('Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ H56.01-241027-0001 đã dừng giải quyết từ ngày 05/11/2024. Lý do: Công dân đề nghị rút hồ sơ.');
    expect(texts).toContain(
      'Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ H56.01-241027-0001 đã bị đóng ngày 18/07/2025 do không được bổ sung, hoàn thiện trong thời hạn (hết ngày 17/07/2025). ' +
        'Lý do: Không bổ sung hồ sơ trong thời hạn.',
    );
    expect(texts).toContain(
      'Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ H56.01-241027-0001 đã bị đóng ngày 21/07/2025 do không được bổ sung, hoàn thiện trong thời hạn. Lý do: Không bổ sung hồ sơ trong thời hạn.',
    );
    expect(texts).toHaveLength(4 + 3); // and the three receipts
  });

  it('a receipt and "result ready" are left out only when the same command (commandId) also returned the result', async () => {
    const { store, relay, sent, suppressed } = setup();
    const resolved = (commandId: string) => makeTestEvent('DossierResolved', { electronicResult: false, resultFiles: [] }, { occurredAt: '2024-10-27T09:00:00+07:00', commandId });
    const returned = (commandId: string) => makeTestEvent('ResultReturned', { method: 'counter' }, { occurredAt: '2024-10-27T09:00:00+07:00', commandId });
    const acceptedBy = (commandId: string) => {
      const event = accepted();
      event.metadata.commandId = commandId;
      return event;
    };
    const instant = '0190f2a0-0000-7000-8000-00000000000a';
    await store.append('hs-1', [acceptedBy(instant), resolved(instant), returned(instant)]);
    // Accepted, resolved and returned by three commands: both notices go out.
    await store.append('hs-2', [
      acceptedBy('0190f2a0-0000-7000-8000-00000000000b'),
      resolved('0190f2a0-0000-7000-8000-00000000000c'),
      returned('0190f2a0-0000-7000-8000-00000000000d'),
    ]);
    // Events written without a commandId (not by the engine) are never taken for one command.
    await store.append('hs-3', [accepted(), makeTestEvent('ResultReturned', { method: 'counter' })]);
    await relay.pump();
    // Dossiers are delivered concurrently: compare without their order.
    expect(sent.map((s) => s.text).sort()).toEqual(
      [
        'Kính gửi ông/bà Nguyễn Thị Hoà: Bộ phận Một cửa UBND xã Đông Anh đã tiếp nhận hồ sơ H56.01-241027-0001 ngày 27/10/2024. ' +
          'Ngày hẹn trả kết quả: 04/11/2024. Tra cứu tình trạng hồ sơ bằng mã H56.01-241027-0001.',
        'Kính gửi ông/bà Nguyễn Thị Hoà: hồ sơ H56.01-241027-0001 đã có kết quả ngày 27/10/2024. Mời ông/bà đến Bộ phận Một cửa nhận kết quả.',
        'Kính gửi ông/bà Nguyễn Thị Hoà: Bộ phận Một cửa UBND xã Đông Anh đã tiếp nhận hồ sơ H56.01-241027-0001 ngày 27/10/2024. ' +
          'Ngày hẹn trả kết quả: 04/11/2024. Tra cứu tình trạng hồ sơ bằng mã H56.01-241027-0001.',
      ].sort(),
    );
    expect(suppressed).toEqual([
      ['receipt', 'instant'],
      ['result-ready', 'instant'],
    ]);
  });

  it('events that tell the citizen nothing make no message', async () => {
    const { store, relay, outbox } = setup();
    await store.append('hs-1', [makeTestEvent('DossierTransferred', {}), makeTestEvent('OfficerAssigned', { officer: { id: 'cv-01' } })]);
    expect((await relay.pump()).materialised).toBe(0);
    expect(await outbox.list()).toEqual([]);
  });

  it('vietnameseDate writes yyyy-mm-dd as dd/MM/yyyy', () => {
    expect(vietnameseDate('2025-01-09')).toBe('09/01/2025');
    expect(vietnameseDate('2024-12-31')).toBe('31/12/2024');
  });
});

describe('personal data in notifications', () => {
  it('the outbox holds no personal data: name, ID number, phone, e-mail, address appear in no stored message', async () => {
    const { store, relay, outbox } = setup();
    await store.append('hs-1', [accepted(), makeTestEvent('DossierResolved', { electronicResult: false, resultFiles: [] })]);
    await relay.pump();
    const stored = JSON.stringify(await outbox.list());
    for (const value of Object.values(PERSON)) expect(stored).not.toContain(value);
  });

  it('an erased applicant gets nothing: no text is made with their data, the message counts as delivered (suppressed)', async () => {
    const { store, relay, sent, suppressed } = setup();
    await store.append('hs-1', [accepted()]);
    await relay.pump();
    expect(sent).toHaveLength(1);
    await store.eraseSubject(subjectOfStream('hs-1'), { reason: 'request', by: 'qt-01' });
    await store.append('hs-1', [makeTestEvent('DossierResolved', { electronicResult: false, resultFiles: [] })]);
    await relay.pump();
    expect(sent).toHaveLength(1); // nothing more sent
    expect(suppressed).toEqual([['result-ready', 'erased']]);
    expect((await relay.stats()).pending).toBe(0);
  });

  it('a message made while the applicant exists but sent after the erasure carries no personal data either', async () => {
    const lines: string[] = [];
    const { store, relay, sent, suppressed } = setup(() => [consoleChannel((line) => lines.push(line))]);
    await store.append('hs-1', [accepted()]);
    await store.eraseSubject(subjectOfStream('hs-1'), { reason: 'request' });
    await relay.pump(); // materialised and delivered after the erasure
    expect(sent).toEqual([]);
    expect(lines).toEqual([]);
    expect(suppressed).toEqual([['receipt', 'erased']]);
  });

  it('channels in order of preference: e-mail when there is no phone; nobody reachable → suppressed "no-address"', async () => {
    const mails: [string, string][] = [];
    const { store, relay, suppressed } = setup(() => [smsChannel({ send: async () => undefined }), emailChannel({ send: async (to, text) => void mails.push([to, text]) })]);
    const noPhone = accepted();
    (noPhone.data as { applicant: Record<string, unknown> }).applicant = { name: PERSON.name, email: PERSON.email, kind: 'citizen' };
    const nobody = accepted();
    (nobody.data as { applicant: Record<string, unknown> }).applicant = { name: PERSON.name, kind: 'citizen' };
    await store.append('hs-1', [noPhone]);
    await store.append('hs-2', [nobody]);
    await relay.pump();
    expect(mails.map(([to]) => to)).toEqual([PERSON.email]);
    expect(suppressed).toEqual([['receipt', 'no-address']]);
  });

  it('the file channel appends one JSON line per message with its id (a receiver deduplicates by it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-notify-'));
    try {
      const path = join(dir, 'notifications.jsonl');
      const { store, relay } = setup(() => [fileChannel(path)]);
      await store.append('hs-1', [accepted()]);
      await relay.pump();
      const lines = readFileSync(path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { id: string; to: string; text: string; kind: string });
      expect(await relay.deadLetters()).toEqual([]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ kind: 'receipt', to: PERSON.phone, streamId: 'hs-1' });
      expect(lines[0]!.id).toMatch(/^citizen\/[0-9a-f-]{36}\/0$/);
      expect(lines[0]!.text).toContain('04/11/2024');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
