import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const VPCP_2023: SourceRef = {
  title: 'Văn bản của Văn phòng Chính phủ ngày 01/12/2022 về nghỉ Tết Âm lịch và Quốc khánh năm 2023 (số hiệu chưa xác minh; thường dẫn là 8056/VPCP-KGVX)',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://en.vietnamplus.vn/sevenday-tet-holiday-fixed-for-state-employees/244803.vnp',
  confidence: 'secondary',
  note:
    'Phó Thủ tướng Vũ Đức Đam đồng ý: Tết từ thứ Sáu 20/01/2023 (29 tháng Chạp) đến hết thứ Năm 26/01/2023 (mùng 5); Quốc khánh 01/09–04/09/2023. ' +
    'Also https://www.sggpnews.org.vn/national/government-approves-7day-tet-break-103690.html, https://pld.net.vn/tag/nghi-tet-nguyen-dan.html, ' +
    'https://vietnaminsider.vn/workers-have-4-consecutive-days-off-on-national-day-2-9/ (MOLISA, 08/2023: 01–04/09, no swap). ' +
    'The number 8056/VPCP-KGVX was cited by an earlier version of this file; no source found here confirms it.',
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
      source: VPCP_2023,
      confidence: 'secondary',
      note: '29, 30 tháng Chạp and mùng 1–3; 30 Chạp and mùng 1 on Sat–Sun → nghỉ bù 25 and 26/01.',
    },
    { holiday: 'nationalDay', dates: ['2023-09-01', '2023-09-02'], source: VPCP_2023, confidence: 'secondary', note: '02/09 is a Saturday → nghỉ bù Monday 04/09.' },
  ],
  overrides: [],
  windows: [
    { from: '2022-12-31', to: '2023-01-02', label: 'Tết Dương lịch 2023', source: RULES_2023, confidence: 'secondary' },
    { from: '2023-01-20', to: '2023-01-26', label: 'Tết Quý Mão', source: VPCP_2023, confidence: 'secondary' },
    { from: '2023-04-29', to: '2023-05-03', label: 'Giỗ Tổ, 30/4 và 1/5', source: RULES_2023, confidence: 'secondary' },
    { from: '2023-09-01', to: '2023-09-04', label: 'Quốc khánh', source: VPCP_2023, confidence: 'secondary' },
  ],
};
