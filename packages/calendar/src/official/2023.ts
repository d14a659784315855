import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const CV_8056: SourceRef = {
  title: 'Công văn 8056/VPCP-KGVX ngày 01/12/2022 về nghỉ Tết Âm lịch và nghỉ lễ Quốc khánh năm 2023',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://m.thuvienphapluat.vn/cong-van/Lao-dong-Tien-luong/Cong-van-8056-VPCP-KGVX-2022-nghi-Tet-Am-lich-va-nghi-le-Quoc-khanh-2023-542221.aspx',
  confidence: 'official',
  note:
    'Full text: "Đồng ý … nghỉ Tết Âm lịch từ ngày 20 tháng 01 năm 2023 đến hết ngày 26 tháng 01 năm 2023 và nghỉ lễ Quốc khánh từ ngày 01 tháng 9 năm 2023 đến hết ngày 04 tháng 9 năm 2023"; ' +
    '"Các dịp nghỉ hằng tuần, nghỉ lễ, Tết khác thực hiện theo quy định của Bộ luật lao động" (MOLISA proposal 4297/LĐTBXH-ATLĐ, 26/10/2022). ' +
    'Also https://vietnaminsider.vn/workers-have-4-consecutive-days-off-on-national-day-2-9/ (MOLISA, 08/2023: 01–04/09, no swap).',
};

const RULES_2023: SourceRef = {
  title: 'BLLĐ 2019 Điều 111.3, 112 (không có hoán đổi năm 2023)',
  issuer: 'Quốc hội',
  url: 'https://en.vietnamplus.vn/workers-to-enjoy-fiveday-reunification-day-holiday/247586.vnp',
  confidence: 'secondary',
  note:
    'Giỗ Tổ Sat 29/04, 30/4 Sun, 1/5 Mon → nghỉ bù Tue 02/05, Wed 03/05 (5 days 29/04–03/05, by the rules alone). ' +
    'Tết Dương lịch: Sun 01/01 → nghỉ bù Mon 02/01/2023 (http://118.69.84.237:801/phap-luat/tim-tu-van?page=2344&q=Gi%E1%BA%A3i+th%E1%BB%83+ph%C3%A1p+nh%C3%A2n).',
};

/** 2023: Tết off 20–26/01, Quốc khánh 01–04/09; Giỗ Tổ + 30/4 + 1/5 → 29/04–03/05 by the rules alone. No swap. */
export const official2023: OfficialYear = {
  year: 2023,
  placements: [
    {
      holiday: 'tet',
      dates: ['2023-01-20', '2023-01-21', '2023-01-22', '2023-01-23', '2023-01-24'],
      source: CV_8056,
      confidence: 'official',
      note: '29, 30 tháng Chạp and mùng 1–3; 30 Chạp and mùng 1 on Sat–Sun → nghỉ bù 25 and 26/01.',
    },
    { holiday: 'nationalDay', dates: ['2023-09-01', '2023-09-02'], source: CV_8056, confidence: 'official', note: '02/09 is a Saturday → nghỉ bù Monday 04/09.' },
  ],
  overrides: [],
  windows: [
    { from: '2022-12-31', to: '2023-01-02', label: 'Tết Dương lịch 2023', source: RULES_2023, confidence: 'secondary' },
    { from: '2023-01-20', to: '2023-01-26', label: 'Tết Quý Mão', source: CV_8056, confidence: 'official' },
    { from: '2023-04-29', to: '2023-05-03', label: 'Giỗ Tổ, 30/4 và 1/5', source: RULES_2023, confidence: 'secondary' },
    { from: '2023-09-01', to: '2023-09-04', label: 'Quốc khánh', source: CV_8056, confidence: 'official' },
  ],
};
