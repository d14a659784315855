import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const TB_4544: SourceRef = {
  title: 'Thông báo 4544/TB-LĐTBXH ngày 25/10/2019 về nghỉ Tết Âm lịch năm 2020 (theo Công văn 9087/VPCP-KGVX ngày 07/10/2019)',
  issuer: 'Bộ Lao động - Thương binh và Xã hội',
  url: 'https://lawnet.vn/thong-tin-phap-luat/en/thong-bao-van-ban-moi/official-lunar-new-year-holiday-schedule-officials-and-public-employees-to-have-07-days-off-144554.html',
  confidence: 'secondary',
  note:
    'Lawnet summary: nghỉ 7 ngày từ thứ Năm 23/01/2020 (29 tháng Chạp Kỷ Hợi) đến hết thứ Tư 29/01/2020 (mùng 5 Canh Tý); mùng 1–2 on Sat–Sun → nghỉ bù 28 and 29/01. ' +
    'VPCP 9087/VPCP-KGVX (07/10/2019) approving the MOLISA proposal 54/TTr-LĐTBXH (18/09/2019): https://vbp.vn/?lang=ja&p=1569. ' +
    'Also Sở Công Thương Đắk Lắk: https://socongthuong.daklak.gov.vn/vi/news/tag/thứ-tư/page-2',
};

const QK_2020: SourceRef = {
  title: 'Bộ luật Lao động 2012 Điều 115 (Quốc khánh 01 ngày; không có hoán đổi năm 2020)',
  issuer: 'Quốc hội',
  url: 'https://thoidai.com.vn/lich-nghi-chinh-thuc-ngay-quoc-khanh-292020-116855.html',
  confidence: 'secondary',
  note: '2020 is the last year with a 1-day Quốc khánh (BLLĐ 2019 gives 2 days from 2021). 02/09/2020 is a Wednesday. This page was not re-read during the 2026 verification; the date follows from the law.',
};

/** 2020: Labour Code 2012 (Quốc khánh 1 day). Tết off 23–29/01 (5 Tết days + 2 compensatory days). No swap. */
export const official2020: OfficialYear = {
  year: 2020,
  placements: [
    {
      holiday: 'tet',
      dates: ['2020-01-23', '2020-01-24', '2020-01-25', '2020-01-26', '2020-01-27'],
      source: TB_4544,
      confidence: 'secondary',
      note: '29, 30 tháng Chạp and mùng 1–3; mùng 1–2 fall on Sat–Sun, hence nghỉ bù Tue 28 and Wed 29/01.',
    },
  ],
  overrides: [],
  windows: [
    { from: '2020-01-23', to: '2020-01-29', label: 'Tết Canh Tý', source: TB_4544, confidence: 'secondary' },
    { from: '2020-09-02', to: '2020-09-02', label: 'Quốc khánh (1 ngày, BLLĐ 2012)', source: QK_2020, confidence: 'secondary' },
  ],
};
