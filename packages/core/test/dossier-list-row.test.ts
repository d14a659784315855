/**
 * The pure part of the dossier list: accent folding for Vietnamese search
 * (against a table of the alphabet written by hand: every vowel with its five
 * tones, upper and lower case, and đ) and the list row of a state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dossierListRow, foldVietnamese, initialDossierState, type DossierState } from '../src';

/** Base letter → the Vietnamese letters that fold to it: no tone, huyền, sắc, hỏi, ngã, nặng (typed by hand). */
const ALPHABET: Record<string, string[]> = {
  a: [
    'a',
    'à',
    'á',
    'ả',
    'ã',
    'ạ',
    'ă',
    'ằ',
    'ắ',
    'ẳ',
    'ẵ',
    'ặ',
    'â',
    'ầ',
    'ấ',
    'ẩ',
    'ẫ',
    'ậ',
    'A',
    'À',
    'Á',
    'Ả',
    'Ã',
    'Ạ',
    'Ă',
    'Ằ',
    'Ắ',
    'Ẳ',
    'Ẵ',
    'Ặ',
    'Â',
    'Ầ',
    'Ấ',
    'Ẩ',
    'Ẫ',
    'Ậ',
  ],
  e: ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ', 'ê', 'ề', 'ế', 'ể', 'ễ', 'ệ', 'E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ', 'Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
  i: ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị', 'I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
  o: [
    'o',
    'ò',
    'ó',
    'ỏ',
    'õ',
    'ọ',
    'ô',
    'ồ',
    'ố',
    'ổ',
    'ỗ',
    'ộ',
    'ơ',
    'ờ',
    'ớ',
    'ở',
    'ỡ',
    'ợ',
    'O',
    'Ò',
    'Ó',
    'Ỏ',
    'Õ',
    'Ọ',
    'Ô',
    'Ồ',
    'Ố',
    'Ổ',
    'Ỗ',
    'Ộ',
    'Ơ',
    'Ờ',
    'Ớ',
    'Ở',
    'Ỡ',
    'Ợ',
  ],
  u: ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ', 'ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự', 'U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ', 'Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
  y: ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ', 'Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
  d: ['d', 'đ', 'D', 'Đ'],
};
const CONSONANTS = 'bcghklmnpqrstvx';
const LETTERS = [...Object.values(ALPHABET).flat(), ...CONSONANTS, ...CONSONANTS.toUpperCase()];
const vietnameseText = fc.array(fc.oneof(fc.constantFrom(...LETTERS), fc.constantFrom(' ', '  ', '-', '.')), { maxLength: 30 }).map((a) => a.join(''));

describe('foldVietnamese', () => {
  it('maps every letter of the alphabet table to its base letter, precomposed or decomposed', () => {
    let n = 0;
    for (const [base, letters] of Object.entries(ALPHABET)) {
      for (const letter of letters) {
        expect(foldVietnamese(letter), letter).toBe(base);
        expect(foldVietnamese(letter.normalize('NFD')), `${letter} (NFD)`).toBe(base);
        n++;
      }
    }
    expect(n).toBe(36 + 24 + 12 + 36 + 24 + 12 + 4);
    for (const c of CONSONANTS) expect(foldVietnamese(c.toUpperCase())).toBe(c);
  });

  it('folds names as a search would: nguyen van an finds Nguyễn Văn An', () => {
    expect(foldVietnamese('Nguyễn Văn An')).toBe('nguyen van an');
    expect(foldVietnamese('  ĐẶNG   Thị  Ánh-Tuyết ')).toBe('dang thi anh-tuyet');
    expect(foldVietnamese('Trương Quốc Việt')).toBe('truong quoc viet');
    expect(foldVietnamese('Lê Thị Ngọc Hương')).toBe('le thi ngoc huong');
  });

  it('is idempotent, insensitive to case and normal form, and leaves no combining mark (property)', () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseText, fc.string({ unit: 'grapheme' })), (s) => {
        const f = foldVietnamese(s);
        expect(foldVietnamese(f)).toBe(f);
        expect(foldVietnamese(s.normalize('NFD'))).toBe(f);
        expect(f.normalize('NFD')).not.toMatch(/\p{M}/u);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(vietnameseText, (s) => {
        expect(foldVietnamese(s.toUpperCase())).toBe(foldVietnamese(s));
        expect(foldVietnamese(s)).toMatch(/^[a-z .-]*$/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('dossierListRow', () => {
  const due = (date: string) => ({ date, at: `${date}T17:00:00.000+07:00` });
  const base = (): DossierState => ({
    ...initialDossierState('d1'),
    state: 'processing.appraisal',
    topLevel: 'processing',
    nationalStatus: 4,
    procedure: { code: '1.001193', version: '1' },
    dossierCode: '000.00.06.H56-241130-0001',
    unit: { code: 'U1', name: 'Bộ phận Một cửa' },
    applicant: { name: 'Nguyễn Văn An', idNumber: '001090000123', kind: 'citizen' },
    channel: 'online',
    submittedAt: '2026-11-24T20:00:00.000+07:00',
    acceptedAt: '2026-11-25T08:00:00.000+07:00',
    due: { original: due('2026-12-01'), legal: due('2026-12-02') },
    officer: { id: 'cv-01' },
  });

  it('takes the legal due date, the rescheduled one when there is one, the acceptance as reception', () => {
    const r = dossierListRow(base());
    expect(r).toMatchObject({
      code: '000.00.06.H56-241130-0001',
      unit: 'U1',
      handlingUnit: 'U1',
      procedure: '1.001193',
      nationalStatus: 4,
      officer: 'cv-01',
      channel: 'online',
      receivedAt: '2026-11-25T08:00:00.000+07:00',
      receivedMs: Date.UTC(2026, 10, 25, 1),
      dueDate: '2026-12-02',
      dueMs: Date.UTC(2026, 11, 2, 10),
      open: true,
      awaitingSignature: true,
      applicantFolded: 'nguyen van an',
      idNumber: '001090000123',
    });
    const apology = { at: '2026-11-27T08:00:00.000+07:00', reason: 'Chậm', lateUnit: 'Phòng', originalDue: due('2026-12-02'), newDue: due('2026-12-09'), lateApology: false };
    const rescheduled = { ...base(), due: { original: due('2026-12-01'), legal: due('2026-12-02'), rescheduled: due('2026-12-09') }, apology };
    expect(dossierListRow(rescheduled).dueDate).toBe('2026-12-09');
    expect(dossierListRow({ ...base(), acceptedAt: undefined }).receivedAt).toBe('2026-11-24T20:00:00.000+07:00');
    expect(dossierListRow({ ...base(), competentUnit: { code: 'U9', name: 'Phòng TN-MT' } }).handlingUnit).toBe('U9');
  });

  it('awaits the signature only in appraisal with no consultation or leg pending; open until resolved or terminal', () => {
    const consultation = { id: 'c1', agency: { code: 'SXD', name: 'Sở Xây dựng' }, requestedAt: '2026-11-26T08:00:00.000+07:00', deadline: '2026-12-01' };
    expect(dossierListRow({ ...base(), consultations: [consultation] }).awaitingSignature).toBe(false);
    expect(dossierListRow({ ...base(), consultations: [{ ...consultation, answeredAt: '2026-11-27T08:00:00.000+07:00' }] }).awaitingSignature).toBe(true);
    expect(dossierListRow({ ...base(), state: 'supplementRequested', topLevel: 'supplementRequested' }).awaitingSignature).toBe(false);
    const resolved = dossierListRow({
      ...base(),
      state: 'resolved',
      topLevel: 'resolved',
      resolution: { at: '2026-11-30T08:00:00.000+07:00', outcome: 'granted', electronicResult: true },
    });
    expect([resolved.open, resolved.awaitingSignature]).toEqual([false, false]);
    expect(dossierListRow({ ...base(), terminal: true }).open).toBe(false);
  });
});

describe('dossierListRow: the due date in force and the stopped clock (docs/worklists.md)', () => {
  const due = (date: string) => ({ date, at: `${date}T17:00:00.000+07:00` });
  const supplement = (requestedAt: string, providedAt?: string) => ({
    requestNo: 1,
    requestedAt,
    ...(providedAt ? { providedAt } : {}),
    items: [{ name: 'Bản sao' }],
    reason: 'Thiếu',
    lateNotice: false,
  });
  // 2.002030, received Mon 07/07/2025 09:00: due Thu 10/07; Form 04 on 08/07 09:00 → 15/07.
  const base = (): DossierState => ({
    ...initialDossierState('d1'),
    state: 'processing.appraisal',
    topLevel: 'processing',
    nationalStatus: 4,
    acceptedAt: '2025-07-07T09:00:00.000+07:00',
    limit: { unit: 'workingDays', value: 3 },
    due: { original: due('2025-07-10'), legal: due('2025-07-10'), rescheduled: due('2025-07-15') },
    apology: { at: '2025-07-08T09:00:00.000+07:00', reason: 'Chậm', lateUnit: 'Phòng', originalDue: due('2025-07-10'), newDue: due('2025-07-15'), lateApology: false },
  });
  const waiting = (requestedAt: string): DossierState => ({
    ...base(),
    state: 'supplementRequested',
    topLevel: 'supplementRequested',
    nationalStatus: 5,
    supplements: [supplement(requestedAt)],
  });

  it('a supplement provided after Form 04 restarts the legal clock: the restarted date is in force', () => {
    const restarted: DossierState = {
      ...base(),
      due: { ...base().due!, legal: due('2025-07-17') },
      supplements: [supplement('2025-07-08T10:00:00.000+07:00', '2025-07-14T09:00:00.000+07:00')],
    };
    expect(dossierListRow(restarted)).toMatchObject({ dueDate: '2025-07-17', dueAt: '2025-07-17T17:00:00.000+07:00' });
    expect(dossierListRow(restarted).clockStopped).toBeUndefined();
    // Provided before Form 04: the rescheduled date stays.
    const before: DossierState = { ...restarted, supplements: [supplement('2025-07-07T10:00:00.000+07:00', '2025-07-08T08:00:00.000+07:00')] };
    expect(dossierListRow(before).dueDate).toBe('2025-07-15');
  });

  it('waiting on a request made on or before the due date in force stops the clock; a later request does not', () => {
    expect(dossierListRow(waiting('2025-07-08T10:00:00.000+07:00')).clockStopped).toBe('supplement');
    expect(dossierListRow(waiting('2025-07-15T23:59:00.000+07:00')).clockStopped).toBe('supplement'); // the due day (by day)
    expect(dossierListRow(waiting('2025-07-16T00:00:00.000+07:00')).clockStopped).toBeUndefined();
    const noApology: DossierState = { ...waiting('2025-07-11T09:00:00.000+07:00'), apology: undefined, due: { original: due('2025-07-10'), legal: due('2025-07-10') } };
    expect(dossierListRow(noApology).clockStopped).toBeUndefined();
    // Working hours compare working time: due Thu 10/07/2025 17:00, the evening and the night add none; passed from
    // Fri 11/07 07:00:00.001 (the next opening).
    const hours: DossierState = { ...noApology, limit: { unit: 'workingHours', value: 8 }, due: { original: due('2025-07-10'), legal: due('2025-07-10') } };
    expect(dossierListRow({ ...hours, supplements: [supplement('2025-07-10T17:00:00.000+07:00')] }).clockStopped).toBe('supplement');
    expect(dossierListRow({ ...hours, supplements: [supplement('2025-07-10T17:01:00.000+07:00')] }).clockStopped).toBe('supplement');
    expect(dossierListRow({ ...hours, supplements: [supplement('2025-07-11T07:00:00.000+07:00')] }).clockStopped).toBe('supplement');
    expect(dossierListRow({ ...hours, supplements: [supplement('2025-07-11T07:01:00.000+07:00')] }).clockStopped).toBeUndefined();
    expect(dossierListRow(hours).overdueFromMs).toBe(Date.parse('2025-07-11T07:00:00.001+07:00'));
  });

  it('a withdrawal stops the clock; ended dossiers and running ones have none', () => {
    expect(dossierListRow({ ...base(), state: 'withdrawalRequested', topLevel: 'withdrawalRequested', nationalStatus: 7 }).clockStopped).toBe('withdrawal');
    expect(dossierListRow({ ...base(), state: 'stopped', topLevel: 'stopped', nationalStatus: 8, terminal: true }).clockStopped).toBeUndefined();
    expect(dossierListRow(base()).clockStopped).toBeUndefined();
    expect(dossierListRow({ ...waiting('2025-07-08T10:00:00.000+07:00'), terminal: true }).clockStopped).toBeUndefined();
  });
});
