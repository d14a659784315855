import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const TB_6150: SourceRef = {
  title: 'Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024 về nghỉ Tết Âm lịch, Quốc khánh, 30/4 và 1/5 năm 2025 (theo Công văn 8726/VPCP-KGVX ngày 26/11/2024)',
  issuer: 'Bộ Lao động - Thương binh và Xã hội',
  url: 'https://lawnet.vn/en/vb/Announcement-6150-TB-BLDTBXH-2024-International-Workers-Day-holidays-in-2025-of-officials-9B075.html',
  confidence: 'official',
  note:
    'Full text (English translation) of the notice: 1. Tết from Saturday 25/01/2025 (26 tháng Chạp) to the end of Sunday 02/02/2025 (mùng 5), "05 days of the Lunar New Year holiday and 04 weekly days off"; ' +
    '2. Quốc khánh 30/08 (Sat) to 02/09/2025 (Tue), "02 days of the National Day holiday and 02 weekly days off"; ' +
    '3. "working day of May 02, 2025 (Friday) swapped with April 26, 2025 (Saturday)", off 30/04–04/05. ' +
    'Vietnamese text: https://thanhhanh.vn/thong-bao-6150-tb-bldtbxh-nam-2024-nghi-tet-am-lich-nghi-le-quoc-khanh-nghi-le-ngay-chien-thang-30-4-va-ngay-quoc-te-lao-dong-01-5-nam-2025-doi-voi-can-bo-cong-chuc-vien-chuc-va-nguoi-lao-dong-do-bo-lao-dong-thuong-binh-va-xa-hoi-ban-hanh.html?Lang=EN; ' +
    'VPCP 8726/VPCP-KGVX: https://pld.net.vn/tag/nghi-tet-nguyen-dan.html',
};

const SGGP_2025: SourceRef = {
  title: 'Thủ tướng đồng ý nghỉ Tết 2025 (SGGP 27/11/2024, theo Công văn 8726/VPCP-KGVX ngày 26/11/2024)',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://en.sggp.org.vn/prime-minister-approves-9-day-tet-break-for-2025-post114084.html',
  confidence: 'secondary',
  note: '"a 5-day Tet holiday from January 27 to 31 (from the 28th day of the last month … to the 3rd day of the first month)". No make-up Saturday for Tết: the other 4 days are weekends.',
};

/** 2025: Tết off 25/01–02/02 (9 days); 30/4 swap (Fri 02/05 off, Sat 26/04 worked); Quốc khánh 30/08–02/09. */
export const official2025: OfficialYear = {
  year: 2025,
  placements: [
    {
      holiday: 'tet',
      dates: ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'],
      source: SGGP_2025,
      confidence: 'secondary',
      note: '28, 29 tháng Chạp + mùng 1–3 (Mon 27 – Fri 31/01), inside the 9-day window of Thông báo 6150/TB-BLĐTBXH.',
    },
    { holiday: 'nationalDay', dates: ['2025-09-01', '2025-09-02'], source: TB_6150, confidence: 'official' },
  ],
  overrides: [
    {
      date: '2025-05-02',
      kind: 'off',
      reason: 'Hoán đổi: nghỉ thứ Sáu 02/05/2025, làm bù thứ Bảy 26/04/2025 (nghỉ liền 30/04–04/05)',
      source: TB_6150,
      confidence: 'official',
    },
    {
      date: '2025-04-26',
      kind: 'work',
      reason: 'Làm bù cho thứ Sáu 02/05/2025 (hoán đổi dịp 30/4–1/5)',
      source: TB_6150,
      confidence: 'official',
    },
  ],
  windows: [
    { from: '2025-01-25', to: '2025-02-02', label: 'Tết Ất Tỵ (9 ngày)', source: TB_6150, confidence: 'official' },
    { from: '2025-04-30', to: '2025-05-04', label: '30/4 và 1/5 (hoán đổi)', source: TB_6150, confidence: 'official' },
    { from: '2025-08-30', to: '2025-09-02', label: 'Quốc khánh', source: TB_6150, confidence: 'official' },
  ],
};
