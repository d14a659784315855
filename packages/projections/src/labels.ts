/** A label in Vietnamese and English. */
export interface Label {
  vi: string;
  en: string;
}

/** Report 06a columns (Biểu số II.06a/VPCP/KSTT), numbered as on the form. */
export const COLUMNS_06A: Readonly<Record<string, Label & { no: number }>> = Object.freeze({
  no: { no: 1, vi: 'STT', en: 'No.' },
  group: { no: 2, vi: 'Đơn vị / nhóm', en: 'Unit / group' },
  'received.total': { no: 3, vi: 'Số hồ sơ tiếp nhận: Tổng số', en: 'Received: total' },
  'received.online': { no: 4, vi: 'Trong kỳ: Trực tuyến', en: 'In period: online' },
  'received.directOrPostal': { no: 5, vi: 'Trong kỳ: Trực tiếp, bưu chính', en: 'In period: in person or postal' },
  'received.carriedOver': { no: 6, vi: 'Từ kỳ trước chuyển qua', en: 'Carried over from the previous period' },
  'resolved.total': { no: 7, vi: 'Số hồ sơ đã giải quyết: Tổng số', en: 'Resolved: total' },
  'resolved.early': { no: 8, vi: 'Trước hạn', en: 'Early' },
  'resolved.onTime': { no: 9, vi: 'Đúng hạn', en: 'On time' },
  'resolved.late': { no: 10, vi: 'Quá hạn', en: 'Late' },
  'pending.total': { no: 11, vi: 'Số hồ sơ đang giải quyết: Tổng số', en: 'Pending: total' },
  'pending.withinTime': { no: 12, vi: 'Trong hạn', en: 'Within time' },
  'pending.overdue': { no: 13, vi: 'Quá hạn', en: 'Overdue' },
});

/** Extra 06a counters (not on the form). */
export const EXTRA_06A: Readonly<Record<string, Label>> = Object.freeze({
  'other.total': { vi: 'Khác (rút, dừng, đóng, từ chối giải quyết; ngoài cột 7)', en: 'Other (withdrawn, stopped, closed, refused; outside column 7)' },
  'other.refused': { vi: 'Trong đó: từ chối giải quyết', en: 'Of which: refused after appraisal' },
  'other.withdrawn': { vi: 'Trong đó: công dân rút hồ sơ', en: 'Of which: withdrawn' },
  'other.stopped': { vi: 'Trong đó: dừng xử lý', en: 'Of which: stopped' },
  'other.closed': { vi: 'Trong đó: đóng hồ sơ do không bổ sung đúng hạn', en: 'Of which: closed (not completed in time)' },
  'other.waitingForCitizen': { vi: 'Trong đó: chờ bổ sung', en: 'Of which: waiting for the citizen' },
  onTimeRate: { vi: 'Tỷ lệ trước và đúng hạn', en: 'Early or on-time rate' },
  estimatedCalendarDays: { vi: 'Số ngày lịch ước tính trong kỳ (chưa có lịch nghỉ chính thức)', en: 'Estimated calendar days in the period (no official schedule yet)' },
});

/** Group dimensions. */
export const GROUP_LABELS: Readonly<Record<string, Label>> = Object.freeze({
  unit: { vi: 'Bộ phận Một cửa', en: 'One-stop unit' },
  handlingUnit: { vi: 'Đơn vị giải quyết', en: 'Handling unit' },
  rulePack: { vi: 'Nghị định áp dụng', en: 'Rule pack' },
  agency: { vi: 'Cơ quan giải quyết', en: 'Competent agency' },
  procedure: { vi: 'Thủ tục hành chính', en: 'Procedure' },
  field: { vi: 'Lĩnh vực', en: 'Field' },
  level: { vi: 'Cấp', en: 'Level' },
  channel: { vi: 'Kênh tiếp nhận', en: 'Channel' },
  period: { vi: 'Kỳ báo cáo', en: 'Period' },
  official: { vi: 'Cán bộ, công chức', en: 'Official' },
  criterion: { vi: 'Tiêu chí', en: 'Criterion' },
  content: { vi: 'Nội dung đánh giá (Điều 33 NĐ 118/2025)', en: 'Evaluation content (NĐ 118/2025 Art. 33)' },
});

/** Statuses: timeliness of resolved dossiers, buckets of pending ones, channels. */
export const STATUS_LABELS: Readonly<Record<string, Label>> = Object.freeze({
  early: { vi: 'Trước hạn', en: 'Early' },
  onTime: { vi: 'Đúng hạn', en: 'On time' },
  late: { vi: 'Quá hạn', en: 'Late' },
  withinTime: { vi: 'Trong hạn', en: 'Within time' },
  dueSoon: { vi: 'Sắp đến hạn', en: 'Due soon' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  waitingForCitizen: { vi: 'Chờ công dân bổ sung', en: 'Waiting for the citizen' },
  refused: { vi: 'Từ chối giải quyết', en: 'Refused' },
  withdrawn: { vi: 'Rút hồ sơ', en: 'Withdrawn' },
  stopped: { vi: 'Dừng xử lý', en: 'Stopped' },
  closed: { vi: 'Đóng hồ sơ', en: 'Closed' },
  direct: { vi: 'Trực tiếp', en: 'In person' },
  online: { vi: 'Trực tuyến', en: 'Online' },
  postal: { vi: 'Bưu chính công ích', en: 'Postal' },
});

/** Decision 766 indicators. */
export const INDICATOR_766_LABELS: Readonly<Record<string, Label>> = Object.freeze({
  '1.1': { vi: 'Công bố, công khai TTHC đúng hạn', en: 'Procedures announced on time' },
  '1.2': { vi: 'Công khai TTHC đúng hạn', en: 'Procedures published on time' },
  '1.3': { vi: 'Công khai đầy đủ', en: 'Complete publication' },
  '1.4': { vi: 'Tỷ lệ đồng bộ hồ sơ lên Cổng DVCQG', en: 'Sync rate to the national portal' },
  '2.1': { vi: 'Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn', en: 'Early or on-time rate' },
  '2.2': { vi: 'Thời gian giải quyết trung bình (ngày làm việc)', en: 'Mean resolution time (working days)' },
  '3.1': { vi: 'Cung cấp DVC trực tuyến toàn trình', en: 'Full online services provided' },
  '3.2': { vi: 'Cung cấp DVC trực tuyến một phần', en: 'Partial online services provided' },
  '3.3': { vi: 'Tỷ lệ hồ sơ trực tuyến', en: 'Online dossier share' },
  '3.5': { vi: 'TTHC có thanh toán trực tuyến', en: 'Procedures with online payment' },
  '3.5b': { vi: 'TTHC tích hợp thanh toán', en: 'Procedures with integrated payment' },
  '3.6': { vi: 'Tỷ lệ hồ sơ thanh toán trực tuyến', en: 'Online payment rate' },
  '4.1': { vi: 'Tỷ lệ cấp kết quả điện tử', en: 'Electronic result rate' },
  '4.2': { vi: 'Tỷ lệ số hóa hồ sơ, kết quả', en: 'Digitisation rate' },
  '4.2b': { vi: 'Chứng thực bản sao điện tử', en: 'Electronic certified copies' },
  '4.3': { vi: 'Tỷ lệ khai thác, tái sử dụng dữ liệu số hóa', en: 'Reuse of digitised data' },
  '4.4': { vi: 'Tỷ lệ sử dụng kho dữ liệu công dân', en: "Use of the citizen's data store" },
  '4.5a': { vi: 'TTHC kết nối CSDL dân cư', en: 'Procedures connected to population data' },
  '4.5b': { vi: 'Hồ sơ khai thác CSDL dân cư', en: 'Dossiers using population data' },
  '5.1': { vi: 'Mức độ hài lòng (theo dõi)', en: 'Satisfaction (tracked)' },
  '5.2': { vi: 'Xử lý phản ánh, kiến nghị đúng hạn', en: 'Petitions handled on time' },
  '5.3': { vi: 'Mức độ hài lòng về phản ánh, kiến nghị', en: 'Satisfaction with petitions' },
  '5.4': { vi: 'Mức độ hài lòng trong giải quyết TTHC', en: 'Satisfaction in handling' },
});

/** TT 01/2018 indices and bands. */
export const TT01_LABELS: Readonly<Record<string, Label>> = Object.freeze({
  '1': { vi: 'Tổng thời gian giải quyết so với quy định', en: 'Total time vs limit' },
  '2': { vi: 'Thời gian thực hiện của từng cơ quan', en: "Each unit's time vs its limit" },
  '3': { vi: 'Số lần liên hệ để hoàn thiện hồ sơ', en: 'Contacts needed to complete the dossier' },
  '4': { vi: 'Số cơ quan phải liên hệ', en: 'Agencies contacted' },
  '5': { vi: 'Thực hiện một cửa', en: 'One-stop coverage' },
  '6': { vi: 'Công khai thủ tục hành chính', en: 'Publicity' },
  '7': { vi: 'Thái độ của cán bộ', en: 'Attitude' },
  '8': { vi: 'Tiếp thu, giải trình phản ánh kiến nghị', en: 'Petitions' },
  '9': { vi: 'Dịch vụ công trực tuyến', en: 'Online services' },
  full: { vi: 'Hoàn thành 100% nhiệm vụ', en: '100% of duties' },
  partial: { vi: 'Hoàn thành từ 70% đến dưới 100%', en: '70% to under 100% of duties' },
  low: { vi: 'Hoàn thành dưới 70%', en: 'Under 70% of duties' },
  excellent: { vi: 'Xuất sắc', en: 'Excellent' },
  good: { vi: 'Tốt', en: 'Good' },
  fair: { vi: 'Khá', en: 'Fair' },
  average: { vi: 'Trung bình', en: 'Average' },
  weak: { vi: 'Yếu', en: 'Weak' },
});

/**
 * A label in one language.
 * @example label(STATUS_LABELS, 'overdue', 'vi') // 'Quá hạn'
 */
export function label(table: Readonly<Record<string, Label>>, key: string, lang: 'vi' | 'en'): string {
  return table[key]?.[lang] ?? key;
}
