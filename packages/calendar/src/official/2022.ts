import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const CV_245: SourceRef = {
  title: 'Công văn 245/VPCP-KGVX ngày 11/01/2022 về nghỉ Tết Âm lịch và Quốc khánh năm 2022',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://english.luatvietnam.vn/official-dispatch-no-245-vpcp-kgvx-dated-january-11-2022-of-the-government-office-215627-doc6.html',
  confidence: 'official',
  note:
    'Full text (English): "The Lunar New Year holiday will last from January 31, 2022 to the end of February 04, 2022, and the National Day holiday will last from September 01, 2022 ' +
    'to the end of September 02, 2022" (MOLISA proposal 4486/LĐTBXH-ATLĐ, 03/12/2021; signed Nguyễn Sỹ Hiệp). Also https://kinhtemoitruong.vn./nghi-82743.tag',
};

const RULES_2022: SourceRef = {
  title: 'BLLĐ 2019 Điều 111.3, 112 (Giỗ Tổ, 30/4, 1/5 năm 2022 trùng ngày nghỉ hằng tuần: nghỉ bù, không hoán đổi)',
  issuer: 'Quốc hội',
  url: 'https://qbtv.vn/portal/pages/2022-4-5/lich-nghi-le-gio-to-hung-vuong-dip-30-4-va-1-5-23773.aspx',
  confidence: 'secondary',
  note: 'Nghỉ 3 ngày dịp Giỗ Tổ (Sun 10/04 → Mon 11/04) và 4 ngày dịp 30/4–1/5 (Sat–Sun → Mon 02, Tue 03/05), per VietnamPlus via QBTV. No swap found for 2022.',
};

/** 2022: Tết 31/01–04/02 (9 days with the weekends 29/01–06/02), Quốc khánh 01–02/09 (01–04/09 with the weekend). No swap. */
export const official2022: OfficialYear = {
  year: 2022,
  placements: [
    {
      holiday: 'tet',
      dates: ['2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04'],
      source: CV_245,
      confidence: 'official',
      note: '29 tháng Chạp (the last day of Tân Sửu) and mùng 1–4.',
    },
    { holiday: 'nationalDay', dates: ['2022-09-01', '2022-09-02'], source: CV_245, confidence: 'official' },
  ],
  overrides: [],
  windows: [
    { from: '2022-01-29', to: '2022-02-06', label: 'Tết Nhâm Dần (5 ngày + 4 ngày cuối tuần)', source: CV_245, confidence: 'official' },
    { from: '2022-04-09', to: '2022-04-11', label: 'Giỗ Tổ Hùng Vương (nghỉ bù thứ Hai 11/04)', source: RULES_2022, confidence: 'secondary' },
    { from: '2022-04-30', to: '2022-05-03', label: '30/4 và 1/5 (nghỉ bù 02, 03/05)', source: RULES_2022, confidence: 'secondary' },
    { from: '2022-09-01', to: '2022-09-04', label: 'Quốc khánh', source: CV_245, confidence: 'official' },
  ],
};
