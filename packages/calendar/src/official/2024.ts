import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const TB_5015: SourceRef = {
  title: 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 về nghỉ Tết Âm lịch và Quốc khánh năm 2024 (theo Công văn 8662/VPCP-KGVX ngày 03/11/2023)',
  issuer: 'Bộ Lao động - Thương binh và Xã hội',
  url: 'http://huyendakha.kontum.gov.vn/tin-tuc/thong-bao-ve-viec-nghi-tet-am-lich-va-nghi-le-quoc-khanh-nam-2024-doi-voi-can-bo-cong-chuc-vien-chuc-va-nguoi-lao-dong.html',
  confidence: 'official',
  note: 'Text reproduced on a government portal. VPCP 8662: https://binhphuoc.gov.vn/vi/news/tin-tuc-su-kien-421/thu-tuong-chot-phuong-an-nghi-tet-am-lich-7-ngay-nghi-le-quoc-khanh-4-ngay-34244.html',
};

const CV_2450: SourceRef = {
  title: 'Công văn 2450/VPCP-KGVX ngày 12/04/2024 về hoán đổi ngày làm việc dịp 30/4 và 1/5/2024',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://baotintuc.vn/infographics/ngay-nghi-le-dip-gio-to-hung-vuong-va-304-152024-20240412212054381.htm',
  confidence: 'secondary',
  note: 'Nghỉ 27/04–01/05/2024; làm bù thứ Bảy 04/05/2024 (also https://baophapluat.vn/media/thu-tuong-chinh-phu-dong-y-nghi-5-ngay-lien-tiep-dip-304-va-15-post12513.html).',
};

/** 2024: Tết off 08–14/02; 30/4 swap (Mon 29/04 off, Sat 04/05 worked); Quốc khánh 31/08–03/09. */
export const official2024: OfficialYear = {
  year: 2024,
  placements: [
    {
      holiday: 'tet',
      dates: ['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12'],
      source: TB_5015,
      confidence: 'official',
      note: '"05 ngày nghỉ tết Âm lịch và 02 ngày nghỉ bù": 29, 30 tháng Chạp, mùng 1–3; mùng 1–2 on Sat–Sun → nghỉ bù 13 and 14/02.',
    },
    { holiday: 'nationalDay', dates: ['2024-09-02', '2024-09-03'], source: TB_5015, confidence: 'official' },
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
    { from: '2024-02-08', to: '2024-02-14', label: 'Tết Giáp Thìn', source: TB_5015, confidence: 'official' },
    { from: '2024-04-27', to: '2024-05-01', label: '30/4 và 1/5 (hoán đổi)', source: CV_2450, confidence: 'secondary' },
    { from: '2024-08-31', to: '2024-09-03', label: 'Quốc khánh', source: TB_5015, confidence: 'official' },
  ],
};
