import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const TB_4875: SourceRef = {
  title: 'Thông báo 4875/TB-LĐTBXH về nghỉ Tết Âm lịch và Quốc khánh năm 2021',
  issuer: 'Bộ Lao động - Thương binh và Xã hội',
  url: 'https://khoahocdoisong.vn/chinh-thuc-cong-bo-lich-nghi-tet-tan-suu-2021-post143258.html',
  confidence: 'secondary',
  note: 'Also reported by https://hanoimoi.vn/lich-nghi-tet-nguyen-dan-tan-suu-va-quoc-khanh-2-9-498925.html',
};

/** 2021 (first year of BLLĐ 2019): Tết off 10–16/02, Quốc khánh 02–05/09. No swaps. */
export const official2021: OfficialYear = {
  year: 2021,
  placements: [
    {
      holiday: 'tet',
      dates: ['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-13', '2021-02-14'],
      source: TB_4875,
      confidence: 'secondary',
      note: '"2 ngày trước tết, 3 ngày sau tết"; mùng 2–3 on Sat–Sun → nghỉ bù 15 and 16/02.',
    },
    { holiday: 'nationalDay', dates: ['2021-09-02', '2021-09-03'], source: TB_4875, confidence: 'secondary' },
  ],
  overrides: [],
  windows: [
    { from: '2021-02-10', to: '2021-02-16', label: 'Tết Tân Sửu', source: TB_4875, confidence: 'secondary' },
    { from: '2021-09-02', to: '2021-09-05', label: 'Quốc khánh', source: TB_4875, confidence: 'secondary' },
  ],
};
