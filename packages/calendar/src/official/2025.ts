import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const CV_8726: SourceRef = {
  title: 'Công văn 8726/VPCP-KGVX ngày 26/11/2024 về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://www.tet-amlich.com/2024/11/cac-ngay-nghi-le-2025.html',
  confidence: 'secondary',
  note:
    'Number and date per https://pld.net.vn/tag/nghi-tet-nguyen-dan.html; schedule per tet-amlich.com: Tết 25/01–02/02 (26 tháng Chạp – mùng 5), ' +
    '30/4–1/5: nghỉ 30/04–04/05 hoán đổi thứ Sáu 02/05 sang thứ Bảy 26/04, Quốc khánh 30/08–02/09.',
};

/** 2025: Tết off 25/01–02/02 (9 days); 30/4 swap (Fri 02/05 off, Sat 26/04 worked); Quốc khánh 30/08–02/09. */
export const official2025: OfficialYear = {
  year: 2025,
  placements: [
    {
      holiday: 'tet',
      dates: ['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'],
      source: CV_8726,
      confidence: 'secondary',
      note:
        'The 9-day window 25/01–02/02 is reported; splitting it into the 5 legal days 28, 29 tháng Chạp + mùng 1–3 (Mon 27 – Fri 31/01) ' +
        'is our reading (no make-up Saturday was needed: the other 4 days are weekends).',
    },
    { holiday: 'nationalDay', dates: ['2025-09-01', '2025-09-02'], source: CV_8726, confidence: 'secondary' },
  ],
  overrides: [
    {
      date: '2025-05-02',
      kind: 'off',
      reason: 'Hoán đổi: nghỉ thứ Sáu 02/05/2025, làm bù thứ Bảy 26/04/2025 (nghỉ liền 30/04–04/05)',
      source: CV_8726,
      confidence: 'secondary',
    },
    {
      date: '2025-04-26',
      kind: 'work',
      reason: 'Làm bù cho thứ Sáu 02/05/2025 (hoán đổi dịp 30/4–1/5)',
      source: CV_8726,
      confidence: 'secondary',
    },
  ],
  windows: [
    { from: '2025-01-25', to: '2025-02-02', label: 'Tết Ất Tỵ (9 ngày)', source: CV_8726, confidence: 'secondary' },
    { from: '2025-04-30', to: '2025-05-04', label: '30/4 và 1/5 (hoán đổi)', source: CV_8726, confidence: 'secondary' },
    { from: '2025-08-30', to: '2025-09-02', label: 'Quốc khánh', source: CV_8726, confidence: 'secondary' },
  ],
};
