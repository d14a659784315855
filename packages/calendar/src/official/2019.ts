import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const TB_3238: SourceRef = {
  title: 'Thông báo 3238/TB-LĐTBXH (2018) về lịch nghỉ Tết Dương lịch, Tết Âm lịch, 30/4 và 1/5 năm 2019',
  issuer: 'Bộ Lao động - Thương binh và Xã hội',
  url: 'https://baonghean.vn/en/lich-nghi-le-tet-nam-2019-bo-ld-tb-xh-da-co-thong-bao-chinh-thuc-10181655.html',
  confidence: 'secondary',
  note:
    'Báo Nghệ An (11/09/2018) quoting the notice: Tết Dương lịch nghỉ thứ Hai 31/12/2018 – thứ Ba 01/01/2019, làm bù thứ Bảy 05/01/2019 (nghỉ liền 29/12/2018–01/01/2019); ' +
    'Tết Âm lịch nghỉ thứ Hai 04/02 – thứ Sáu 08/02/2019 (liền 02/02–10/02); 30/4–1/5 nghỉ thứ Hai 29/04 – thứ Tư 01/05, làm bù thứ Bảy 04/05/2019 (liền 27/04–01/05). ' +
    "The date of the notice itself was not found. The Prime Minister's approval (July 2018): https://www.tienphong.vn/xa-hoi/thu-tuong-chot-nghi-tet-am-9-ngay-tet-duong-hoan-doi-ngay-1299921.tpo",
};

const TP_2019: SourceRef = {
  title: 'Thủ tướng chốt lịch nghỉ năm 2019 (Tiền Phong, 07/2018; số hiệu văn bản của Văn phòng Chính phủ chưa xác định)',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://www.tienphong.vn/xa-hoi/thu-tuong-chot-nghi-tet-am-9-ngay-tet-duong-hoan-doi-ngay-1299921.tpo',
  confidence: 'secondary',
  note:
    'Tết: phương án 1, nghỉ 2 ngày trước Tết và 3 ngày sau Tết; "Với ngày Giỗ Tổ Hùng Vương và ngày Quốc khánh 2/9 … không đổi ngày đi làm và ngày nghỉ". ' +
    'Giỗ Tổ Sun 14/04 → nghỉ bù Mon 15/04 (13–15/04 per https://vietnamnet.vn/en/total-of-21-days-for-2019-public-holidays-announced-E206473.html; ' +
    'that article\'s "work on Saturday, May 5" and its Quốc khánh paragraph are translation/year mix-ups: 04/05/2019 is the Saturday, 02/09/2019 is a Monday).',
};

/** 2019 (Labour Code 2012): Tết Dương lịch swap (Mon 31/12/2018 off, Sat 05/01/2019 worked); Tết off 02–10/02; Giỗ Tổ Sun 14/04 → Mon 15/04; 30/4 swap (Mon 29/04 off, Sat 04/05 worked); Quốc khánh Mon 02/09. */
export const official2019: OfficialYear = {
  year: 2019,
  placements: [
    {
      holiday: 'tet',
      dates: ['2019-02-03', '2019-02-04', '2019-02-05', '2019-02-06', '2019-02-07'],
      source: TB_3238,
      confidence: 'secondary',
      note: '29, 30 tháng Chạp and mùng 1–3 ("2 ngày trước Tết và 3 ngày sau Tết"); 29 tháng Chạp is Sunday 03/02 → nghỉ bù Friday 08/02, as published (nghỉ 04/02–08/02).',
    },
  ],
  overrides: [
    {
      date: '2018-12-31',
      kind: 'off',
      reason: 'Hoán đổi: nghỉ thứ Hai 31/12/2018, làm bù thứ Bảy 05/01/2019 (nghỉ liền 29/12/2018–01/01/2019)',
      source: TB_3238,
      confidence: 'secondary',
    },
    {
      date: '2019-01-05',
      kind: 'work',
      reason: 'Làm bù cho thứ Hai 31/12/2018 (hoán đổi dịp Tết Dương lịch 2019)',
      source: TB_3238,
      confidence: 'secondary',
    },
    {
      date: '2019-04-29',
      kind: 'off',
      reason: 'Hoán đổi: nghỉ thứ Hai 29/04/2019, làm bù thứ Bảy 04/05/2019 (nghỉ liền 27/04–01/05)',
      source: TB_3238,
      confidence: 'secondary',
    },
    {
      date: '2019-05-04',
      kind: 'work',
      reason: 'Làm bù cho thứ Hai 29/04/2019 (hoán đổi dịp 30/4–1/5)',
      source: TB_3238,
      confidence: 'secondary',
    },
  ],
  windows: [
    { from: '2018-12-29', to: '2019-01-01', label: 'Tết Dương lịch 2019 (hoán đổi)', source: TB_3238, confidence: 'secondary' },
    { from: '2019-02-02', to: '2019-02-10', label: 'Tết Kỷ Hợi (9 ngày)', source: TB_3238, confidence: 'secondary' },
    { from: '2019-04-13', to: '2019-04-15', label: 'Giỗ Tổ Hùng Vương (nghỉ bù thứ Hai 15/04)', source: TP_2019, confidence: 'secondary' },
    { from: '2019-04-27', to: '2019-05-01', label: '30/4 và 1/5 (hoán đổi)', source: TB_3238, confidence: 'secondary' },
    { from: '2019-08-31', to: '2019-09-02', label: 'Quốc khánh (1 ngày, BLLĐ 2012)', source: TP_2019, confidence: 'secondary' },
  ],
  notes: ['The swap of Monday 31/12/2018 is listed here, with the 2019 notice that decided it.'],
};
