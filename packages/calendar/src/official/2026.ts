import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const TB_9441: SourceRef = {
  title: 'Thông báo 9441/TB-BNV ngày 16/10/2025 về nghỉ Tết Âm lịch và Quốc khánh năm 2026',
  issuer: 'Bộ Nội vụ',
  url: 'https://vietbao.vn/bo-noi-vu-thong-bao-lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-568329.html',
  confidence: 'secondary',
  note: 'Tết: 1 ngày trước Tết và 4 ngày sau Tết, 16/02–20/02/2026, liền 4 ngày nghỉ hằng tuần (14/02–22/02). Also https://www.24h.com.vn/tin-tuc-trong-ngay/bo-noi-vu-thong-bao-chi-tiet-lich-nghi-tet-nguyen-dan-binh-ngo-nam-2026-c46a1706694.html',
};

const TB_9441_QK: SourceRef = {
  ...TB_9441,
  confidence: 'unconfirmed',
  note: 'The notice also fixes Quốc khánh 2026, but its text could not be retrieved; 01/09 is the package heuristic (a 5-day proposal 29/08–02/09 was reported). Override it if your unit has the notice.',
};

const CV_12729: SourceRef = {
  title: 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 về nghỉ Tết Dương lịch năm 2026',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://www.24h.com.vn/tin-tuc-trong-ngay/ai-duoc-hoan-doi-de-nghi-tet-duong-lich-4-ngay-c46a1724830.html',
  confidence: 'secondary',
  note: 'Nghỉ 01/01–04/01/2026; hoán đổi thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026.',
};

/** 2026: Tết Dương lịch swap (Fri 02/01 off, Sat 10/01 worked); Tết off 14–22/02; Giỗ Tổ Sun 26/04 → Mon 27/04 (rule). */
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
    { holiday: 'nationalDay', dates: ['2026-09-01', '2026-09-02'], source: TB_9441_QK, confidence: 'unconfirmed' },
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
  ],
  windows: [
    { from: '2026-01-01', to: '2026-01-04', label: 'Tết Dương lịch (hoán đổi)', source: CV_12729, confidence: 'secondary' },
    { from: '2026-02-14', to: '2026-02-22', label: 'Tết Bính Ngọ (9 ngày)', source: TB_9441, confidence: 'secondary' },
  ],
  notes: ['Quốc khánh 2026 is unconfirmed (heuristic 01–02/09).'],
};
