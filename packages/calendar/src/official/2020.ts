import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const TET_2020: SourceRef = {
  title: 'Thông báo của Bộ LĐ-TB&XH về lịch nghỉ Tết Âm lịch Canh Tý 2020 (số hiệu chưa xác định)',
  issuer: 'Bộ Lao động - Thương binh và Xã hội',
  url: 'https://socongthuong.daklak.gov.vn/vi/news/tag/thứ-tư/page-2',
  confidence: 'secondary',
  note: 'Sở Công Thương Đắk Lắk (07/01/2020): nghỉ 7 ngày từ thứ Năm 23/01/2020 (29 tháng Chạp) đến hết thứ Tư 29/01/2020 (mùng 5 Tết).',
};

const QK_2020: SourceRef = {
  title: 'Bộ luật Lao động 2012 Điều 115 (Quốc khánh 01 ngày)',
  issuer: 'Quốc hội',
  url: 'https://thoidai.com.vn/lich-nghi-chinh-thuc-ngay-quoc-khanh-292020-116855.html',
  confidence: 'secondary',
  note: '2020 là năm cuối nghỉ Quốc khánh 1 ngày; từ 2021 BLLĐ 2019 cho 2 ngày.',
};

/** 2020: Labour Code 2012 (Quốc khánh 1 day). Tết off 23–29/01 (5 Tết days + 2 compensatory days). */
export const official2020: OfficialYear = {
  year: 2020,
  placements: [
    {
      holiday: 'tet',
      dates: ['2020-01-23', '2020-01-24', '2020-01-25', '2020-01-26', '2020-01-27'],
      source: TET_2020,
      confidence: 'secondary',
      note: '29, 30 tháng Chạp and mùng 1–3; mùng 1–2 fall on Sat–Sun, hence nghỉ bù Tue 28 and Wed 29/01.',
    },
  ],
  overrides: [],
  windows: [
    { from: '2020-01-23', to: '2020-01-29', label: 'Tết Canh Tý', source: TET_2020, confidence: 'secondary' },
    { from: '2020-09-02', to: '2020-09-02', label: 'Quốc khánh (1 ngày, BLLĐ 2012)', source: QK_2020, confidence: 'secondary' },
  ],
};
