import { z } from 'zod';

/**
 * The citizen-evaluation contents of NĐ 118/2025/NĐ-CP Điều 33 (points a–i),
 * captured by paper forms, counter devices, the portal's rating, cameras and
 * boxes (Đ31). The decree's exact wording was not reviewed here [U]: the
 * labels follow NĐ 61/2018 Đ31.1's criteria (time vs limit, agencies,
 * contacts, publicity, attitude, lawful costs, complaint handling, online
 * quality) plus the reuse of data already held (NĐ 118 Đ17.1) as the ninth.
 * The letter is what a rating records (`content` of a rating answer); a
 * province can relabel the letters in its own forms.
 */
export const EVALUATION_CONTENTS_2025 = Object.freeze({
  a: { vi: 'Thời gian giải quyết so với quy định', en: 'Time taken vs the time limit' },
  b: { vi: 'Số lượng cơ quan, đơn vị phải liên hệ', en: 'Number of agencies contacted' },
  c: { vi: 'Số lần phải liên hệ để hoàn thiện hồ sơ', en: 'Number of contacts to complete the dossier' },
  d: { vi: 'Công khai, minh bạch thông tin thủ tục hành chính', en: 'Publicity of the procedure' },
  e: { vi: 'Thái độ, tác phong của cán bộ, công chức', en: 'Attitude of the officials' },
  f: { vi: 'Chi phí thực hiện đúng quy định', en: 'Lawful costs only' },
  g: { vi: 'Tiếp nhận, xử lý phản ánh, kiến nghị', en: 'Handling of petitions and complaints' },
  h: { vi: 'Chất lượng dịch vụ công trực tuyến', en: 'Quality of the online service' },
  i: { vi: 'Khai thác, tái sử dụng dữ liệu đã có (không phải nộp lại giấy tờ)', en: 'Reuse of data already held (no re-submission)' },
} as const);

/** A content letter of NĐ 118/2025 Đ33 (a–i). */
export const evaluationContentSchema = z.enum(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
/** A content letter of NĐ 118/2025 Đ33 (`a`–`i`). */
export type EvaluationContent = z.output<typeof evaluationContentSchema>;
