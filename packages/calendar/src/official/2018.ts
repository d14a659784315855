import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

/**
 * 2018 (Labour Code 2012: Quốc khánh 1 day). No swap was decided inside 2018
 * itself; the swap of Monday 31/12/2018 belongs to the 2019 Tết Dương lịch
 * notice (see `2019.ts`, Thông báo 3238/TB-LĐTBXH).
 */
const TB_573: SourceRef = {
  title: 'Thông báo 573/TB-VPCP ngày 14/12/2017 về nghỉ Tết Âm lịch và Quốc khánh năm 2018',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://lawnet.vn/thong-tin-phap-luat/en/thong-bao-van-ban-moi/official-2018-lunar-new-year-holiday-schedule-for-officials-and-public-employees-159892.html',
  confidence: 'secondary',
  note:
    'Lawnet (legal database) summary of the notice: Tết from Wednesday 14/02/2018 (29 tháng Chạp Đinh Dậu) to the end of Tuesday 20/02/2018 (mùng 5 Mậu Tuất), 7 days; ' +
    'Quốc khánh: 02/09 plus the compensatory Monday 03/09/2018. Also https://e.vnexpress.net/news/news/vietnam-to-kick-off-lunar-new-year-break-on-valentine-s-day-3684669.html',
};

const MOLISA_2018: SourceRef = {
  title: 'Phương án nghỉ lễ năm 2018 của Bộ LĐ-TB&XH (theo VnExpress 15/12/2017; số hiệu văn bản chưa xác định)',
  issuer: 'Bộ Lao động - Thương binh và Xã hội',
  url: 'https://e.vnexpress.net/news/news/vietnam-to-kick-off-lunar-new-year-break-on-valentine-s-day-3684669.html',
  confidence: 'secondary',
  note:
    '"three days for New Year (December 30, 2017 to January 1, 2018), one day for the Hung Kings\' Festival (April 25), four days for Reunification Day and Labor Day (April 28 to May 1), ' +
    'and three days for Independence Day (September 1-3)". These follow from the Labour Code alone (no swap). 30/4–1/5 also per http://mamnonmyanhunga.pgdlapvo.edu.vn/thong-bao-nghi-le-304-15/',
};

/** 2018: Tết off 14–20/02; Giỗ Tổ Wed 25/04; 30/4–1/5 Mon–Tue (28/04–01/05, no swap); Quốc khánh Sun 02/09 → nghỉ bù Mon 03/09. */
export const official2018: OfficialYear = {
  year: 2018,
  placements: [
    {
      holiday: 'tet',
      dates: ['2018-02-14', '2018-02-15', '2018-02-16', '2018-02-17', '2018-02-18'],
      source: TB_573,
      confidence: 'secondary',
      note: '29, 30 tháng Chạp and mùng 1–3; mùng 2–3 on Sat–Sun → nghỉ bù Mon 19 and Tue 20/02 (the published 7 days).',
    },
  ],
  overrides: [],
  windows: [
    { from: '2017-12-30', to: '2018-01-01', label: 'Tết Dương lịch 2018', source: MOLISA_2018, confidence: 'secondary' },
    { from: '2018-02-14', to: '2018-02-20', label: 'Tết Mậu Tuất (7 ngày)', source: TB_573, confidence: 'secondary' },
    { from: '2018-04-25', to: '2018-04-25', label: 'Giỗ Tổ Hùng Vương', source: MOLISA_2018, confidence: 'secondary' },
    { from: '2018-04-28', to: '2018-05-01', label: '30/4 và 1/5', source: MOLISA_2018, confidence: 'secondary' },
    { from: '2018-09-01', to: '2018-09-03', label: 'Quốc khánh (1 ngày, BLLĐ 2012; nghỉ bù thứ Hai 03/09)', source: TB_573, confidence: 'secondary' },
  ],
  notes: ['2018 rule pack starts 21/06/2018; the whole year is bundled so that deadlines counted from early 2018 are not estimates.'],
};
