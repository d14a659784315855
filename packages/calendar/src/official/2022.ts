import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const CV_245: SourceRef = {
  title: 'Công văn 245/VPCP-KGVX ngày 11/01/2022 về nghỉ Tết Nguyên đán và Quốc khánh năm 2022',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://vntrip.vn/cam-nang/nghi-tet-nguyen-dan-tu-ngay-31-01-2022-den-het-ngay-04-02-2022-118632/amp',
  confidence: 'secondary',
  note: 'Đồng ý nghỉ Tết từ 31/01/2022 đến hết 04/02/2022 và Quốc khánh từ 01/9/2022 đến hết 02/9/2022.',
};

/** 2022: Tết 31/01–04/02 (9 days with the weekends 29/01–06/02), Quốc khánh 01–02/09 (01–04/09 with the weekend). */
export const official2022: OfficialYear = {
  year: 2022,
  placements: [
    {
      holiday: 'tet',
      dates: ['2022-01-31', '2022-02-01', '2022-02-02', '2022-02-03', '2022-02-04'],
      source: CV_245,
      confidence: 'secondary',
      note: '29 tháng Chạp (the last day of Tân Sửu) and mùng 1–4.',
    },
    { holiday: 'nationalDay', dates: ['2022-09-01', '2022-09-02'], source: CV_245, confidence: 'secondary' },
  ],
  overrides: [],
  windows: [
    { from: '2022-01-29', to: '2022-02-06', label: 'Tết Nhâm Dần (5 ngày + 4 ngày cuối tuần)', source: CV_245, confidence: 'secondary' },
    { from: '2022-09-01', to: '2022-09-04', label: 'Quốc khánh', source: CV_245, confidence: 'secondary' },
  ],
};
