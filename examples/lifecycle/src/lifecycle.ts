import { v7 as uuidv7 } from 'uuid';
import type { CommandBody, Engine, ExecuteResult } from '@motcua/core';

const unit = { code: '000.00.20.H26', name: 'Bộ phận Một cửa huyện Gia Lâm' };
const applicant = { name: 'Trần Thị Bình', idNumber: '001185000123', phone: '0912345678' };
const officer = { id: 'cb-mc-03', role: 'officer', name: 'Lê Văn Cường', unit: unit.code };

/** The story of one dossier: a first land-use certificate received just before Tết 2024. */
export const LAND_STORY: readonly (CommandBody & { at: string })[] = [
  {
    type: 'ReceiveDossier',
    procedureCode: '1.003003',
    unit,
    applicant,
    channel: 'direct',
    components: [
      { code: 'DON', name: 'Đơn đăng ký đất đai', form: 'original', digitised: true },
      { code: 'GT', name: 'Giấy tờ về quyền sử dụng đất', form: 'certified', digitised: true },
    ],
    at: '2024-01-25T15:30:00+07:00',
  },
  { type: 'TransferDossier', mode: 'paper', at: '2024-01-26T08:15:00+07:00' },
  { type: 'AssignOfficer', officer: { id: 'cv-dd-11', name: 'Phạm Minh Đức' }, at: '2024-01-26T09:00:00+07:00' },
  { type: 'RequestSupplement', items: [{ name: 'Sơ đồ thửa đất có xác nhận của UBND xã' }], reason: 'Thiếu sơ đồ thửa đất', at: '2024-01-29T10:00:00+07:00' },
  { type: 'ProvideSupplement', at: '2024-02-05T14:00:00+07:00' },
  {
    type: 'RecordVerification',
    place: 'Thửa đất số 112, tờ bản đồ 7, xã Đa Tốn',
    participants: ['Phạm Minh Đức', 'Trần Thị Bình', 'Cán bộ địa chính xã'],
    content: 'Đo đạc, xác minh ranh giới',
    at: '2024-02-06T09:00:00+07:00',
  },
  { type: 'StartInterAgency', at: '2024-02-07T08:00:00+07:00' },
  { type: 'CompleteLeg', legIndex: 0, result: 'Hồ sơ đủ điều kiện', at: '2024-02-26T16:00:00+07:00' },
  { type: 'CompleteLeg', legIndex: 1, result: 'Thông báo nghĩa vụ tài chính', at: '2024-02-28T10:00:00+07:00' },
  {
    type: 'IssueApology',
    reason: 'Chờ ý kiến Phòng Tài nguyên và Môi trường',
    lateUnit: 'Phòng Tài nguyên và Môi trường',
    newDueDate: '2024-03-05',
    at: '2024-02-28T15:00:00+07:00',
  },
  { type: 'CompleteLeg', legIndex: 2, result: 'Trình ký Giấy chứng nhận', at: '2024-03-01T10:00:00+07:00' },
  {
    type: 'RequestFee',
    items: [
      { name: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 100000 },
      { name: 'Lệ phí trước bạ', amountVnd: 1_250_000 },
    ],
    at: '2024-03-01T11:00:00+07:00',
  },
  { type: 'RecordFeePayment', amountVnd: 1_350_000, method: 'online', gateway: 'dvcqg', at: '2024-03-01T20:10:00+07:00' },
  { type: 'Resolve', electronicResult: true, at: '2024-03-04T09:30:00+07:00' },
  { type: 'NotifyEarlyReturn', channel: 'sms', at: '2024-03-04T09:35:00+07:00' },
  { type: 'ReturnResult', method: 'counter', receiver: 'Trần Thị Bình', at: '2024-03-04T14:00:00+07:00' },
  {
    type: 'Rate',
    channel: 'kiosk',
    ratings: [
      { criterion: 'Thời gian giải quyết', level: 'Hài lòng' },
      { criterion: 'Thái độ cán bộ', level: 'Rất hài lòng' },
    ],
    at: '2024-03-04T14:05:00+07:00',
  },
] as never;

/** Run the story on an engine; returns every command's result. */
export async function runLandStory(engine: Engine, dossierId = uuidv7()): Promise<ExecuteResult[]> {
  const results: ExecuteResult[] = [];
  for (const command of LAND_STORY) results.push(await engine.execute({ actor: officer, ...command, commandId: uuidv7(), dossierId } as never));
  return results;
}
