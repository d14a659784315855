import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const CV_8662: SourceRef = {
  title: 'Công văn 8662/VPCP-KGVX ngày 03/11/2023 về nghỉ Tết Âm lịch và nghỉ lễ Quốc khánh năm 2024',
  issuer: 'Văn phòng Chính phủ',
  url: 'http://kkt-kontum.com/thoi-gian-nghi-tet-nguyen-dan-giap-thin-tu-ngay-8-1422024-nghi-le-quoc-khanh-tu-ngay-318-den-392024.p-3210.html',
  confidence: 'official',
  note:
    'Reproduced by Ban Quản lý Khu kinh tế tỉnh Kon Tum: "đồng ý … nghỉ Tết Âm lịch từ ngày 08/02/2024 đến hết ngày 14/02/2024 và nghỉ lễ Quốc khánh từ ngày 31/8/2024 đến hết ngày 03/9/2024" ' +
    '(MOLISA proposal 4594/LĐTBXH-ATLĐ, 27/10/2023). Also https://chinhsachdautu.vn/thu-tuong-dong-y-phuong-an-nghi-tet-am-lich-7-ngay. ' +
    'The implementing notice 5015/TB-LĐTBXH (22/11/2023, "05 ngày nghỉ tết Âm lịch và 02 ngày nghỉ bù") was cited by an earlier version of this file from ' +
    'http://huyendakha.kontum.gov.vn/tin-tuc/thong-bao-ve-viec-nghi-tet-am-lich-va-nghi-le-quoc-khanh-nam-2024-doi-voi-can-bo-cong-chuc-vien-chuc-va-nguoi-lao-dong.html; not re-read in 2026.',
};

const CV_2450: SourceRef = {
  title: 'Công văn 2450/VPCP-KGVX ngày 12/04/2024 về hoán đổi ngày làm việc dịp 30/4 và 1/5/2024',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://baotintuc.vn/infographics/ngay-nghi-le-dip-gio-to-hung-vuong-va-304-152024-20240412212054381.htm',
  confidence: 'secondary',
  note:
    'Thủ tướng đồng ý hoán đổi ngày làm việc dịp 30/4–1/5 để nghỉ 5 ngày liên tiếp: nghỉ 27/04–01/05/2024 (thứ Hai 29/04 nghỉ), làm bù thứ Bảy 04/05/2024 ' +
    '(also https://brotherhoodcharters.com/30/4-1/5-nghỉ-mấy-ngày-21, https://baophapluat.vn/media/thu-tuong-chinh-phu-dong-y-nghi-5-ngay-lien-tiep-dip-304-va-15-post12513.html).',
};

/** 2024: Tết off 08–14/02; 30/4 swap (Mon 29/04 off, Sat 04/05 worked); Quốc khánh 31/08–03/09. */
export const official2024: OfficialYear = {
  year: 2024,
  placements: [
    {
      holiday: 'tet',
      dates: ['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12'],
      source: CV_8662,
      confidence: 'official',
      note: '29, 30 tháng Chạp, mùng 1–3; mùng 1–2 on Sat–Sun → nghỉ bù 13 and 14/02 (the published window 08–14/02).',
    },
    {
      holiday: 'nationalDay',
      dates: ['2024-09-02', '2024-09-03'],
      source: CV_8662,
      confidence: 'official',
      note: 'Window 31/08–03/09 = weekend + Mon 02/09 + the adjacent day Tue 03/09 (also https://news.baokhanhhoa.vn/society/202408/2-days-off-for-the-national-day-4213607).',
    },
  ],
  overrides: [
    {
      date: '2024-04-29',
      kind: 'off',
      reason: 'Hoán đổi: nghỉ thứ Hai 29/04/2024, làm bù thứ Bảy 04/05/2024 (nghỉ liền 27/04–01/05)',
      source: CV_2450,
      confidence: 'secondary',
    },
    {
      date: '2024-05-04',
      kind: 'work',
      reason: 'Làm bù cho thứ Hai 29/04/2024 (hoán đổi dịp 30/4–1/5)',
      source: CV_2450,
      confidence: 'secondary',
    },
  ],
  windows: [
    { from: '2024-02-08', to: '2024-02-14', label: 'Tết Giáp Thìn', source: CV_8662, confidence: 'official' },
    { from: '2024-04-27', to: '2024-05-01', label: '30/4 và 1/5 (hoán đổi)', source: CV_2450, confidence: 'secondary' },
    { from: '2024-08-31', to: '2024-09-03', label: 'Quốc khánh', source: CV_8662, confidence: 'official' },
  ],
};
