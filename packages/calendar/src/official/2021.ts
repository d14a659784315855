import type { OfficialYear } from './types';
import type { SourceRef } from '../types';

const CV_9895: SourceRef = {
  title: 'Công văn 9895/VPCP-KGVX ngày 26/11/2020 về nghỉ Tết Âm lịch và Quốc khánh năm 2021',
  issuer: 'Văn phòng Chính phủ',
  url: 'https://thuvienphapluat.vn/cong-van/EN/Lao-dong-Tien-luong/Official-Dispatch-9895-VPCP-KGVX-2020-Lunar-New-Year-and-National-Day-holidays-of-officials/460294/tieng-anh.aspx',
  confidence: 'official',
  note:
    'Full text: "Đồng ý … nghỉ Tết Âm lịch Tân Sửu từ ngày 10 tháng 02 năm 2021 đến hết ngày 16 tháng 02 năm 2021 và nghỉ lễ Quốc khánh từ ngày 02 tháng 9 năm 2021 đến hết ngày 05 tháng 9 năm 2021" ' +
    '(MOLISA proposal 111/TTr-LĐTBXH, 28/10/2020). Also http://ags-vn.com/news/39398.html, https://hanoimoi.vn/lich-nghi-tet-nguyen-dan-tan-suu-va-quoc-khanh-2-9-498925.html. ' +
    'The Labour Ministry\'s implementing notice was not found (an earlier version of this file cited "4875/TB-LĐTBXH"; no source found confirms that number).',
};

const MOLISA_2021: SourceRef = {
  title: 'Lịch nghỉ lễ năm 2021 do Bộ LĐ-TB&XH công bố (SGGP 09/12/2020; số hiệu chưa xác định)',
  issuer: 'Bộ Lao động - Thương binh và Xã hội',
  url: 'https://sggpnews.org.vn/culture_art/vietnams-public-holidays-in-2021-89687.html',
  confidence: 'secondary',
  note: 'New Year 01–03/01; Giỗ Tổ 21/04; 30/4–1/5: 30/04–03/05 (1/5 Sat → nghỉ bù Mon 03/05); Quốc khánh 02–05/09. No swap.',
};

/** 2021 (first year of BLLĐ 2019): Tết off 10–16/02, Quốc khánh 02–05/09. No swaps. */
export const official2021: OfficialYear = {
  year: 2021,
  placements: [
    {
      holiday: 'tet',
      dates: ['2021-02-10', '2021-02-11', '2021-02-12', '2021-02-13', '2021-02-14'],
      source: CV_9895,
      confidence: 'official',
      note: '"2 ngày trước tết, 3 ngày sau tết"; mùng 2–3 on Sat–Sun → nghỉ bù 15 and 16/02.',
    },
    { holiday: 'nationalDay', dates: ['2021-09-02', '2021-09-03'], source: CV_9895, confidence: 'official' },
  ],
  overrides: [],
  windows: [
    { from: '2021-01-01', to: '2021-01-03', label: 'Tết Dương lịch', source: MOLISA_2021, confidence: 'secondary' },
    { from: '2021-02-10', to: '2021-02-16', label: 'Tết Tân Sửu', source: CV_9895, confidence: 'official' },
    { from: '2021-04-30', to: '2021-05-03', label: '30/4 và 1/5', source: MOLISA_2021, confidence: 'secondary' },
    { from: '2021-09-02', to: '2021-09-05', label: 'Quốc khánh', source: CV_9895, confidence: 'official' },
  ],
};
