import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const CV_8056: SourceRef = {
  title: 'Công văn 8056/VPCP-KGVX ngày 01/12/2022 về nghỉ Tết Âm lịch và Quốc khánh năm 2023',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://vietnamnet.vn/19-ngay-nghi-le-tet-trong-nam-2023-2094825.html',
  confidence: 'secondary',
  note: 'Tết 20/01–26/01/2023 (29 tháng Chạp – mùng 5); Quốc khánh 01/09–04/09/2023 (MOLISA, per https://vietnaminsider.vn/workers-have-4-consecutive-days-off-on-national-day-2-9/).',
};

const RULES_2023: SourceRef = {
  title: 'BLLĐ 2019 Điều 111.3, 112 (no swap needed)',
  issuer: 'Quốc hội',
  url: 'https://vietnamnet.vn/19-ngay-nghi-le-tet-trong-nam-2023-2094825.html',
  confidence: 'secondary',
  note: 'Tết Dương lịch 31/12/2022–02/01/2023; Giỗ Tổ (Sat 29/04), 30/4 (Sun), 1/5 (Mon) → nghỉ bù Tue 02/05, Wed 03/05.',
};

/** 2023: Tết off 20–26/01, Quốc khánh 01–04/09; Giỗ Tổ + 30/4 + 1/5 → 29/04–03/05 by the rules alone. */
export const official2023: OfficialYear = {
  year: 2023,
  placements: [
    {
      holiday: 'tet',
      dates: ['2023-01-20', '2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24'],
      source: CV_8056,
      confidence: 'secondary',
      note: '29, 30 tháng Chạp and mùng 1–3; 30 Chạp and mùng 1 on Sat–Sun → nghỉ bù 25 and 26/01.',
    },
    { holiday: 'nationalDay', dates: ['2023-09-01', '2023-09-02'], source: CV_8056, confidence: 'secondary', note: '02/09 is a Saturday → nghỉ bù Monday 04/09.' },
  ],
  overrides: [],
  windows: [
    { from: '2023-01-20', to: '2023-01-26', label: 'Tết Quý Mão', source: CV_8056, confidence: 'secondary' },
    { from: '2023-04-29', to: '2023-05-03', label: 'Giỗ Tổ, 30/4 và 1/5', source: RULES_2023, confidence: 'secondary' },
    { from: '2023-09-01', to: '2023-09-04', label: 'Quốc khánh', source: CV_8056, confidence: 'secondary' },
  ],
};
