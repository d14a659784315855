import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const TB_9441: SourceRef = {
  title: 'Thông báo 9441/TB-BNV ngày 16/10/2025 về nghỉ Tết Âm lịch và Quốc khánh năm 2026 (theo Công văn 9859/VPCP-KGVX ngày 13/10/2025)',
  issuer: 'Bộ Nội vụ',
  url: 'https://vjs.vietnam.vn/en/bo-noi-vu-thong-bao-lich-nghi-tet-am-lich-va-nghi-le-quoc-khanh-nam-2026',
  confidence: 'secondary',
  note:
    'Tết: "05 days off … 01 day before Tet and 04 days after Tet from Monday, February 16, 2026 (29 tháng Chạp Ất Tỵ) to Friday, February 20, 2026 (mùng 4 Bính Ngọ)", liền 14/02–22/02. ' +
    'Quốc khánh: "02 days off … September 2, 2026 and 01 day immediately before September 1, 2026; swap the working day from Monday, August 31, 2026 to the weekly day off on Saturday, August 22, 2026 ' +
    '(off Monday, August 31, 2026 and make up on Saturday, August 22, 2026)", liền 29/08–02/09. ' +
    "Number, date, signer (Nguyễn Mạnh Khương) and basis (VPCP 9859/VPCP-KGVX, 13/10/2025) from the notice's own header: " +
    'https://english.luatvietnam.vn/noticeno9441-tb-bnvdatedoctober162025oftheministryofhomeaffairsonthe2026lunarnewyearholidayandnationaldayholidayschedulefor-415220-doc6.html (body behind a login). ' +
    "Also https://vietnamnews.vn/politics-laws/1727514/ministry-of-home-affairs-announces-2026-holiday-schedule-for-lunar-new-year-national-day.html and Hải Phòng People's Committee " +
    '(https://baohaiphong.vn/cong-chuc-vien-chuc-nguoi-lao-dong-hai-phong-duoc-nghi-tet-binh-ngo-lien-tuc-9-ngay-524823.html, via https://www.vietnam.vn/en/cong-chuc-vien-chuc-nguoi-lao-dong-hai-phong-duoc-nghi-tet-binh-ngo-lien-tuc-9-ngay), which names the notice and its date.',
};

const CV_12729: SourceRef = {
  title: 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 về nghỉ Tết Dương lịch năm 2026',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://tracuuquyhoach.com/tin-tuc/tin-vui-cho-nguoi-lao-dong-chinh-phu-dong-y-nghi-tet-duong-lich-4-ngay-54100289',
  confidence: 'secondary',
  note:
    '"Sáng 25-12, Văn phòng Chính phủ có văn bản truyền đạt ý kiến Phó Thủ tướng Phạm Thị Thanh Trà … nghỉ Tết Dương lịch năm 2026 là 4 ngày, từ thứ Năm (1-1-2026) đến hết Chủ nhật (4-1-2026)". ' +
    'Number and swap: "Tại văn bản số 12729/VPCP-KGVX ngày 25/12, Phó Thủ tướng Phạm Thị Thanh Trà đã đồng ý … nghỉ 4 ngày liên tục từ thứ năm (1/1/2026) đến hết chủ nhật (4/1/2026); ' +
    'hoán đổi từ ngày làm việc thứ sáu (2/1/2026) sang ngày nghỉ hằng tuần thứ bảy (10/1/2026)" (press text mirrored at https://www.collector.com.tr//965292743; ' +
    'an earlier version of this file cited https://www.24h.com.vn/tin-tuc-trong-ngay/ai-duoc-hoan-doi-de-nghi-tet-duong-lich-4-ngay-c46a1724830.html, not re-read in this verification).',
};

const RULES_2026: SourceRef = {
  title: 'BLLĐ 2019 Điều 111.3, 112 (Giỗ Tổ 2026 chủ nhật 26/04 → nghỉ bù thứ Hai 27/04; 30/4–1/5 thứ Năm–thứ Sáu)',
  issuer: 'Quốc hội',
  url: 'https://thanhnien.vn/gio-to-hung-vuong-304-15-quoc-khanh-29-nam-2026-duoc-nghi-may-ngay-185260223083506397.htm',
  confidence: 'secondary',
  note: 'Thanh Niên 23/02/2026: Giỗ Tổ nghỉ 25–27/04; 30/4–1/5 nghỉ 30/04–03/05. No swap decided for these.',
};

/**
 * 2026: Tết Dương lịch swap (Fri 02/01 off, Sat 10/01 worked); Tết off 14–22/02;
 * Giỗ Tổ Sun 26/04 → Mon 27/04 (rule); Quốc khánh 01–02/09 with the swap
 * Mon 31/08 off ↔ Sat 22/08 worked (off 29/08–02/09).
 */
export const official2026: OfficialYear = {
  year: 2026,
  placements: [
    {
      holiday: 'tet',
      dates: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
      source: TB_9441,
      confidence: 'secondary',
      note: '29 tháng Chạp and mùng 1–4.',
    },
    { holiday: 'nationalDay', dates: ['2026-09-01', '2026-09-02'], source: TB_9441, confidence: 'secondary', note: '02/09 and the day immediately before, 01/09.' },
  ],
  overrides: [
    {
      date: '2026-01-02',
      kind: 'off',
      reason: 'Hoán đổi: nghỉ thứ Sáu 02/01/2026, làm bù thứ Bảy 10/01/2026 (nghỉ liền 01/01–04/01)',
      source: CV_12729,
      confidence: 'secondary',
    },
    {
      date: '2026-01-10',
      kind: 'work',
      reason: 'Làm bù cho thứ Sáu 02/01/2026 (hoán đổi dịp Tết Dương lịch)',
      source: CV_12729,
      confidence: 'secondary',
    },
    {
      date: '2026-08-22',
      kind: 'work',
      reason: 'Làm bù cho thứ Hai 31/08/2026 (hoán đổi dịp Quốc khánh)',
      source: TB_9441,
      confidence: 'secondary',
    },
    {
      date: '2026-08-31',
      kind: 'off',
      reason: 'Hoán đổi: nghỉ thứ Hai 31/08/2026, làm bù thứ Bảy 22/08/2026 (nghỉ liền 29/08–02/09)',
      source: TB_9441,
      confidence: 'secondary',
    },
  ],
  windows: [
    { from: '2026-01-01', to: '2026-01-04', label: 'Tết Dương lịch (hoán đổi)', source: CV_12729, confidence: 'secondary' },
    { from: '2026-02-14', to: '2026-02-22', label: 'Tết Bính Ngọ (9 ngày)', source: TB_9441, confidence: 'secondary' },
    { from: '2026-04-25', to: '2026-04-27', label: 'Giỗ Tổ Hùng Vương (nghỉ bù thứ Hai 27/04)', source: RULES_2026, confidence: 'secondary' },
    { from: '2026-04-30', to: '2026-05-03', label: '30/4 và 1/5', source: RULES_2026, confidence: 'secondary' },
    { from: '2026-08-29', to: '2026-09-02', label: 'Quốc khánh (5 ngày, hoán đổi)', source: TB_9441, confidence: 'secondary' },
  ],
};
