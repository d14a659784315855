// @ts-check
/** Vietnamese (default) and English labels of the page. */
export const MESSAGES = {
  vi: {
    title: 'Bộ phận Một cửa',
    subtitle: 'Tiếp nhận, tra cứu và theo dõi hồ sơ thủ tục hành chính',
    'lang.switch': 'English',
    'lang.label': 'Chuyển ngôn ngữ sang tiếng Anh',
    'nav.label': 'Chức năng',
    'nav.receive': 'Tiếp nhận hồ sơ',
    'nav.lookup': 'Tra cứu hồ sơ',
    'nav.dashboard': 'Bảng theo dõi',
    'signin.heading': 'Đăng nhập cán bộ',
    'signin.user': 'Tên đăng nhập',
    'signin.password': 'Mật khẩu',
    'signin.submit': 'Đăng nhập',
    'signin.out': 'Đăng xuất',
    'signin.wrong': 'Sai tên đăng nhập hoặc mật khẩu',
    'receive.heading': 'Tiếp nhận hồ sơ (Mẫu 01)',
    'receive.procedure': 'Thủ tục hành chính',
    'receive.unit': 'Đơn vị tiếp nhận',
    'receive.name': 'Họ tên người nộp',
    'receive.idNumber': 'Số định danh cá nhân',
    'receive.phone': 'Số điện thoại',
    'receive.channel': 'Kênh nộp',
    'receive.submit': 'Tiếp nhận',
    'receive.done': 'Đã tiếp nhận hồ sơ',
    'receive.code': 'Mã hồ sơ',
    'receive.due': 'Ngày hẹn trả kết quả',
    'receive.receipt': 'In Giấy tiếp nhận (Mẫu 01)',
    'receive.lookup': 'Tra cứu hồ sơ này',
    'channel.direct': 'Trực tiếp',
    'channel.online': 'Trực tuyến',
    'channel.postal': 'Bưu chính công ích',
    'lookup.heading': 'Tra cứu hồ sơ',
    'lookup.code': 'Mã hồ sơ',
    'lookup.submit': 'Tra cứu',
    'lookup.notFound': 'Không tìm thấy hồ sơ',
    'dossier.procedure': 'Thủ tục',
    'dossier.applicant': 'Người nộp',
    'dossier.status': 'Trạng thái',
    'dossier.received': 'Tiếp nhận lúc',
    'dossier.due': 'Hẹn trả',
    'dossier.dueOriginal': 'Hẹn trả ban đầu',
    'dossier.dueRescheduled': 'Hẹn lại',
    'dossier.pending': 'Tiến độ',
    'dossier.version': 'Phiên bản',
    'dossier.actions': 'Thao tác',
    'dossier.noActions': 'Không có thao tác nào ở trạng thái này',
    'timeline.heading': 'Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)',
    'timeline.no': 'STT',
    'timeline.step': 'Bước',
    'timeline.from': 'Bên giao',
    'timeline.to': 'Bên nhận',
    'timeline.at': 'Thời gian',
    'timeline.dueCol': 'Hạn',
    'timeline.result': 'Kết quả',
    'timeline.note': 'Ghi chú',
    'timeliness.early': 'Trước hạn',
    'timeliness.onTime': 'Đúng hạn',
    'timeliness.late': 'Quá hạn',
    'pending.withinTime': 'Trong hạn',
    'pending.dueSoon': 'Sắp đến hạn',
    'pending.overdue': 'Quá hạn',
    'action.TransferDossier': 'Chuyển hồ sơ',
    'action.RequestSupplement': 'Yêu cầu bổ sung',
    'action.ProvideSupplement': 'Nhận hồ sơ bổ sung',
    'action.IssueApology': 'Xin lỗi và hẹn lại',
    'action.Resolve': 'Có kết quả giải quyết',
    'action.NotifyEarlyReturn': 'Báo trả kết quả sớm',
    'action.ReturnResult': 'Trả kết quả',
    'action.Rate': 'Đánh giá',
    'action.reason': 'Lý do',
    'action.newDueDate': 'Ngày hẹn mới',
    'action.level': 'Mức độ hài lòng',
    'action.done': 'Đã ghi nhận',
    'level.Rất hài lòng': 'Rất hài lòng',
    'level.Hài lòng': 'Hài lòng',
    'level.Không hài lòng': 'Không hài lòng',
    'dash.heading': 'Bảng theo dõi',
    'dash.from': 'Từ ngày',
    'dash.to': 'Đến ngày',
    'dash.show': 'Xem',
    'dash.received': 'Hồ sơ tiếp nhận',
    'dash.resolved': 'Đã giải quyết',
    'dash.onTimeRate': 'Tỷ lệ đúng hạn',
    'dash.overdueNow': 'Đang quá hạn',
    'dash.satisfactionRate': 'Tỷ lệ hài lòng',
    'dash.ratings': 'Lượt đánh giá',
    'dash.score766': 'Điểm QĐ 766 (từ dữ liệu hồ sơ)',
    'dash.chart.months': 'Tỷ lệ giải quyết trước và đúng hạn theo tháng',
    'dash.chart.agencies': 'Tỷ lệ đúng hạn theo cơ quan giải quyết',
    'dash.chart.overdue': 'Hồ sơ đang giải quyết theo cơ quan: trong hạn và quá hạn',
    'dash.chart.satisfaction': 'Mức độ hài lòng',
    'dash.withinTime': 'Trong hạn',
    'dash.overdue': 'Quá hạn',
    'dash.noData': 'Chưa có dữ liệu',
    'dash.downloads': 'Tải báo cáo',
    'dash.csv06a': 'Biểu 06a (CSV)',
    'dash.csv766': 'Chỉ số 766 (CSV)',
    'dash.csvSatisfaction': 'Mức độ hài lòng (CSV)',
    'error.title': 'Lỗi',
    'error.allowed': 'Các thao tác được phép',
    'error.stale': 'Hồ sơ đã được người khác cập nhật. Hãy tra cứu lại.',
  },
  en: {
    title: 'One-stop desk',
    subtitle: 'Receive, look up and monitor administrative-procedure dossiers',
    'lang.switch': 'Tiếng Việt',
    'lang.label': 'Switch the language to Vietnamese',
    'nav.label': 'Sections',
    'nav.receive': 'Receive a dossier',
    'nav.lookup': 'Look up a dossier',
    'nav.dashboard': 'Dashboard',
    'signin.heading': 'Officer sign-in',
    'signin.user': 'User name',
    'signin.password': 'Password',
    'signin.submit': 'Sign in',
    'signin.out': 'Sign out',
    'signin.wrong': 'Wrong user name or password',
    'receive.heading': 'Receive a dossier (Form 01)',
    'receive.procedure': 'Procedure',
    'receive.unit': 'Receiving unit',
    'receive.name': 'Applicant full name',
    'receive.idNumber': 'Personal ID number',
    'receive.phone': 'Phone number',
    'receive.channel': 'Channel',
    'receive.submit': 'Receive',
    'receive.done': 'Dossier received',
    'receive.code': 'Dossier code',
    'receive.due': 'Result due',
    'receive.receipt': 'Print the receipt (Form 01)',
    'receive.lookup': 'Look up this dossier',
    'channel.direct': 'In person',
    'channel.online': 'Online',
    'channel.postal': 'Public postal service',
    'lookup.heading': 'Look up a dossier',
    'lookup.code': 'Dossier code',
    'lookup.submit': 'Look up',
    'lookup.notFound': 'No dossier found',
    'dossier.procedure': 'Procedure',
    'dossier.applicant': 'Applicant',
    'dossier.status': 'Status',
    'dossier.received': 'Received at',
    'dossier.due': 'Due',
    'dossier.dueOriginal': 'Original due date',
    'dossier.dueRescheduled': 'Rescheduled to',
    'dossier.pending': 'Progress',
    'dossier.version': 'Version',
    'dossier.actions': 'Actions',
    'dossier.noActions': 'No action is allowed in this state',
    'timeline.heading': 'Process control slip (Form 05)',
    'timeline.no': 'No.',
    'timeline.step': 'Step',
    'timeline.from': 'From',
    'timeline.to': 'To',
    'timeline.at': 'Time',
    'timeline.dueCol': 'Due',
    'timeline.result': 'Result',
    'timeline.note': 'Note',
    'timeliness.early': 'Early',
    'timeliness.onTime': 'On time',
    'timeliness.late': 'Late',
    'pending.withinTime': 'Within time',
    'pending.dueSoon': 'Due soon',
    'pending.overdue': 'Overdue',
    'action.TransferDossier': 'Transfer',
    'action.RequestSupplement': 'Request a supplement',
    'action.ProvideSupplement': 'Supplement received',
    'action.IssueApology': 'Apologise and reschedule',
    'action.Resolve': 'Resolve',
    'action.NotifyEarlyReturn': 'Notify early return',
    'action.ReturnResult': 'Return the result',
    'action.Rate': 'Rate',
    'action.reason': 'Reason',
    'action.newDueDate': 'New due date',
    'action.level': 'Satisfaction',
    'action.done': 'Recorded',
    'level.Rất hài lòng': 'Very satisfied',
    'level.Hài lòng': 'Satisfied',
    'level.Không hài lòng': 'Not satisfied',
    'dash.heading': 'Dashboard',
    'dash.from': 'From',
    'dash.to': 'To',
    'dash.show': 'Show',
    'dash.received': 'Dossiers received',
    'dash.resolved': 'Resolved',
    'dash.onTimeRate': 'On-time rate',
    'dash.overdueNow': 'Overdue now',
    'dash.satisfactionRate': 'Satisfaction rate',
    'dash.ratings': 'Ratings',
    'dash.score766': 'Decision 766 score (from dossier data)',
    'dash.chart.months': 'Resolved early or on time, by month',
    'dash.chart.agencies': 'On-time rate by resolving agency',
    'dash.chart.overdue': 'Dossiers in progress by agency: within time and overdue',
    'dash.chart.satisfaction': 'Satisfaction',
    'dash.withinTime': 'Within time',
    'dash.overdue': 'Overdue',
    'dash.noData': 'No data yet',
    'dash.downloads': 'Download reports',
    'dash.csv06a': 'Report 06a (CSV)',
    'dash.csv766': 'Decision 766 indicators (CSV)',
    'dash.csvSatisfaction': 'Satisfaction (CSV)',
    'error.title': 'Error',
    'error.allowed': 'Allowed actions',
    'error.stale': 'Someone else updated the dossier. Look it up again.',
  },
};

/** @typedef {'vi' | 'en'} Lang */

/** @type {Lang} */
let current = 'vi';

/** The current language. */
export const lang = () => current;

/**
 * Label of a key in the current language (the key itself if missing).
 * @param {string} key
 */
export function t(key) {
  const table = /** @type {Record<string, string>} */ (MESSAGES[current]);
  return table[key] ?? /** @type {Record<string, string>} */ (MESSAGES.vi)[key] ?? key;
}

/**
 * Switch language and relabel the static parts of the page
 * (`data-i18n` text, `data-i18n-aria` labels, `data-i18n-placeholder`).
 * @param {Lang} next
 */
export function setLang(next) {
  current = next;
  document.documentElement.lang = next;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(/** @type {string} */ (el.getAttribute('data-i18n')));
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(/** @type {string} */ (el.getAttribute('data-i18n-aria'))));
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(/** @type {string} */ (el.getAttribute('data-i18n-placeholder'))));
  try {
    localStorage.setItem('motcua.lang', next);
  } catch {
    /* storage may be disabled */
  }
}

/** The saved language, Vietnamese by default. @returns {Lang} */
export function savedLang() {
  try {
    return localStorage.getItem('motcua.lang') === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}
