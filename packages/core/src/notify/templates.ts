// Vietnamese texts of citizen notifications (pure): a notice, the dossier code and the applicant's name (if known) → one message.
import type { CitizenNotice } from './route';

/** What the text may name besides the notice: the dossier code and the applicant (absent once erased). */
export interface NoticeContext {
  dossierCode?: string;
  /** The applicant's name, read through the privacy layer; absent when erased or unknown. */
  name?: string;
  /**
   * For a `supplement` notice: the last day (local `yyyy-mm-dd`) to complete
   * the dossier before it is closed (NĐ 118/2025 Đ19.5: 15 days from the
   * notice, or the sector's period); absent under a pack without closure.
   */
  supplementDeadline?: string;
}

/**
 * A local date `yyyy-mm-dd` as Vietnamese write it, `dd/MM/yyyy`.
 *
 * @example
 * ```ts
 * vietnameseDate('2024-10-28'); // '28/10/2024'
 * ```
 */
export function vietnameseDate(date: string): string {
  const [year, month, day] = date.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
}

const greeting = (context: NoticeContext): string => (context.name ? `Kính gửi ông/bà ${context.name}` : 'Kính gửi Quý ông/bà');
const dossier = (context: NoticeContext): string => (context.dossierCode ? `hồ sơ ${context.dossierCode}` : 'hồ sơ của ông/bà');

/**
 * The text of a citizen notification, in Vietnamese with diacritics and
 * dates as dd/MM/yyyy.
 *
 * @example
 * ```ts
 * renderNotice({ kind: 'receipt', dossierCode: 'H21.65-241027-0001', receivedDate: '2024-10-27', appointmentDate: '2024-11-04', unitName: 'UBND xã Tân Lập' }, { name: 'Nguyễn Văn An' });
 * // 'Kính gửi ông/bà Nguyễn Văn An: UBND xã Tân Lập đã tiếp nhận hồ sơ H21.65-241027-0001 ngày 27/10/2024. Ngày hẹn trả kết quả: 04/11/2024. …'
 * ```
 */
export function renderNotice(notice: CitizenNotice, context: NoticeContext = {}): string {
  switch (notice.kind) {
    case 'receipt':
      return (
        `${greeting(context)}: ${notice.unitName} đã tiếp nhận hồ sơ ${notice.dossierCode} ngày ${vietnameseDate(notice.receivedDate)}. ` +
        `Ngày hẹn trả kết quả: ${vietnameseDate(notice.appointmentDate)}. Tra cứu tình trạng hồ sơ bằng mã ${notice.dossierCode}.`
      );
    case 'supplement': {
      const list = notice.items.map((item, i) => `${i + 1}) ${item.name}${item.note ? ` (${item.note})` : ''}`).join('; ');
      const head =
        notice.stage === 'intake'
          ? `${greeting(context)}: hồ sơ của ông/bà chưa đủ thành phần để tiếp nhận. Đề nghị bổ sung: ${list}. Lý do: ${notice.reason}.`
          : `${greeting(context)}: ${dossier(context)} cần bổ sung: ${list}. Lý do: ${notice.reason}.`;
      // NĐ 118/2025 Đ19.5: not completed by then, the dossier is closed; the applicant is told the day (domain §10: the remaining time).
      const deadline = context.supplementDeadline ? ` Hạn bổ sung, hoàn thiện hồ sơ: hết ngày ${vietnameseDate(context.supplementDeadline)}; quá hạn, hồ sơ sẽ bị đóng.` : '';
      return notice.stage === 'intake' ? `${head}${deadline}` : `${head}${deadline} Thời hạn giải quyết được tính lại từ ngày nhận đủ hồ sơ bổ sung.`;
    }
    case 'apology':
      return notice.form === 'extension'
        ? `${greeting(context)}: ${notice.lateUnit} đề nghị gia hạn thời gian giải quyết ${dossier(context)} đến ngày ${vietnameseDate(notice.newDate)} ` +
            `(hạn cũ ${vietnameseDate(notice.originalDate)}). Lý do: ${notice.reason}.`
        : `${greeting(context)}: ${notice.lateUnit} xin lỗi vì ${dossier(context)} không trả kết quả đúng hẹn ngày ${vietnameseDate(notice.originalDate)}. ` +
            `Lý do: ${notice.reason}. Ngày hẹn trả kết quả mới: ${vietnameseDate(notice.newDate)}.`;
    case 'result-ready':
      return notice.electronicResult
        ? `${greeting(context)}: ${dossier(context)} đã có kết quả ngày ${vietnameseDate(notice.readyDate)}. Kết quả điện tử đã được gửi vào tài khoản của ông/bà trên Cổng Dịch vụ công.`
        : `${greeting(context)}: ${dossier(context)} đã có kết quả ngày ${vietnameseDate(notice.readyDate)}. Mời ông/bà đến Bộ phận Một cửa nhận kết quả.`;
    case 'refused':
      return `${greeting(context)}: ${dossier(context)} không được giải quyết (ngày ${vietnameseDate(notice.date)}). Lý do: ${notice.reason}.`;
    case 'reception-refused':
      return `${greeting(context)}: ${dossier(context)} không được tiếp nhận (ngày ${vietnameseDate(notice.date)}). Lý do: ${notice.reason}.`;
    case 'stopped':
      return `${greeting(context)}: ${dossier(context)} đã dừng giải quyết từ ngày ${vietnameseDate(notice.date)}. Lý do: ${notice.reason}.`;
    case 'closed':
      return (
        `${greeting(context)}: ${dossier(context)} đã bị đóng ngày ${vietnameseDate(notice.date)} do không được bổ sung, hoàn thiện trong thời hạn` +
        `${notice.periodEnded ? ` (hết ngày ${vietnameseDate(notice.periodEnded)})` : ''}. Lý do: ${notice.reason}.`
      );
  }
}
