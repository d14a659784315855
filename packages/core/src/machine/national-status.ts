import type { TopLevelState } from './create-machine';

/**
 * National dossier status codes (TT 22/2019; codes as used for DVCQG sync [S]).
 * motcua keeps richer internal states and maps them down.
 */
export type NationalStatus = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** Vietnamese and English labels of the national status codes. */
export const NATIONAL_STATUS_LABELS: Readonly<Record<NationalStatus, { vi: string; en: string }>> = Object.freeze({
  1: { vi: 'Mới đăng ký', en: 'Newly registered' },
  2: { vi: 'Được tiếp nhận', en: 'Accepted' },
  3: { vi: 'Không được tiếp nhận', en: 'Not accepted' },
  4: { vi: 'Đang xử lý', en: 'Processing' },
  5: { vi: 'Yêu cầu bổ sung giấy tờ', en: 'Supplement requested' },
  6: { vi: 'Yêu cầu thực hiện nghĩa vụ tài chính', en: 'Financial obligation requested' },
  7: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawal requested' },
  8: { vi: 'Dừng xử lý', en: 'Stopped' },
  9: { vi: 'Đã xử lý xong', en: 'Resolved' },
  10: { vi: 'Đã trả kết quả', en: 'Result returned' },
});

const BY_TOP_LEVEL: Readonly<Record<TopLevelState, NationalStatus | null>> = Object.freeze({
  draft: null,
  submitted: 1,
  // Intake supplement: not accepted, so still "newly registered" (documented choice).
  intakeSupplement: 1,
  refusedAtIntake: 3,
  received: 2,
  processing: 4,
  interAgency: 4,
  supplementRequested: 5,
  feeRequested: 6,
  withdrawalRequested: 7,
  stopped: 8,
  // Closed for a supplement not provided in time (NĐ 118/2025 Đ19.5): reported as stopped.
  closed: 8,
  resolved: 9,
  refused: 9,
  returned: 10,
});

/**
 * National status of a top-level state (null for `draft`).
 * @example nationalStatusOf('supplementRequested') // 5
 */
export function nationalStatusOf(topLevel: string): NationalStatus | null {
  const status = (BY_TOP_LEVEL as Readonly<Record<string, NationalStatus | null>>)[topLevel];
  if (status === undefined) throw new RangeError(`No national status for state '${topLevel}'`);
  return status;
}
