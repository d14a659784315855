/**
 * The simulated catalog: 25 real procedures of the four-level era
 * (commune, district, province) with their statutory time limits, each with
 * the simulation profile that drives its dossiers (volume, channel mix,
 * supplement/refusal/withdrawal rates, late share).
 *
 * Sources are given per procedure. `[C]` the limit is in the cited legal
 * text (domain brief §9); `[S]` secondary (portal/news); `[U]` unconfirmed:
 * the procedure code or the limit is recalled, not checked against the
 * national procedure database (csdl.dichvucong.gov.vn) — treat it as
 * illustrative. docs/simulation.md lists them.
 */
import { createCatalog, defineProcedure, effectiveLimit, type Catalog, type Procedure, type ProcedureInput } from '@motcua/core';

/** Where dossiers of a procedure come in, and how they behave. */
export interface SimProfile {
  /** Relative volume at each kind of unit (absent = not received there). */
  weight: Partial<Record<UnitKind, number>>;
  /** Share submitted online (only if the procedure has an online service). */
  online: number;
  /** Share sent by public postal service (bưu chính công ích). */
  postal: number;
  /** Share resolved before the due day / after it (the rest: on the due day). */
  early: number;
  late: number;
  /** Intake: Form 02 (complete the dossier first) and Form 03 (refused). */
  intakeSupplement: number;
  intakeRefusal: number;
  /** After acceptance: supplement request (the clock restarts), refusal after appraisal, withdrawal. */
  supplement: number;
  refusal: number;
  withdrawal: number;
  /** Fees go through the system (FeeRequested/FeePaid) at result time, or only when the dossier is online. */
  feeAt: 'result' | 'online';
  /** Where the code and the limit come from. */
  source: string;
}

/** Kinds of one-stop units that receive dossiers. */
export type UnitKind = 'commune' | 'district' | 'province';

/** A procedure with its simulation profile. */
export interface SimProcedure {
  procedure: Procedure;
  profile: SimProfile;
}

const XA = { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' };
const TP = { code: 'PTP', name: 'Phòng Tư pháp' };
const VPDK = { code: 'CN-VPDKDD', name: 'Chi nhánh Văn phòng đăng ký đất đai' };
const THUE = { code: 'CCT', name: 'Chi cục Thuế' };
const TNMT = { code: 'PTNMT', name: 'Phòng Tài nguyên và Môi trường' };
const QLDT = { code: 'PQLDT', name: 'Phòng Quản lý đô thị' };
const TCKH = { code: 'PTCKH', name: 'Phòng Tài chính - Kế hoạch' };
const KT = { code: 'PKT', name: 'Phòng Kinh tế' };
const LDTBXH = { code: 'PLDTBXH', name: 'Phòng Lao động - Thương binh và Xã hội' };
const UBND_H = { code: 'UBND-HUYEN', name: 'Chủ tịch Ủy ban nhân dân cấp huyện' };
const HT = { code: 'HT', name: 'Hộ tịch' };
const CT = { code: 'CT', name: 'Chứng thực' };
const DD = { code: 'DD', name: 'Đất đai' };

const wd = (value: number) => ({ unit: 'workingDays' as const, value });
const sameDay = { unit: 'sameDay' as const, cutoff: '15:00' };

const base: Omit<SimProfile, 'weight' | 'source'> = {
  online: 0,
  postal: 0.005,
  early: 0.4,
  late: 0.06,
  intakeSupplement: 0.04,
  intakeRefusal: 0.004,
  supplement: 0.03,
  refusal: 0.01,
  withdrawal: 0.004,
  feeAt: 'online',
};

function sim(input: ProcedureInput, profile: Partial<SimProfile> & Pick<SimProfile, 'weight' | 'source'>): SimProcedure {
  return { procedure: defineProcedure(input), profile: { ...base, ...profile } };
}

/**
 * The 25 procedures. Volumes follow the usual mix of a suburban district
 * and its communes: certified copies dominate at communes, land at the
 * district (Hà Nội branch offices report ~80 % land, brief §9).
 */
export const SIM_PROCEDURES: readonly SimProcedure[] = [
  // ——— Commune (UBND cấp xã) ———
  sim(
    {
      code: '1.001193',
      name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
      field: HT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: sameDay },
      sameDayCutoff: '15:00',
      onlineLevel: 'full',
      populationDataConnected: true,
      resultKind: 'both',
      components: [
        { code: 'TK', name: 'Tờ khai đăng ký khai sinh' },
        { code: 'GCS', name: 'Giấy chứng sinh' },
      ],
      validFrom: '2016-01-01',
    },
    {
      weight: { commune: 8 },
      online: 0.3,
      early: 0,
      late: 0.03,
      supplement: 0.005,
      source: 'code [S] (sample catalog, national DB); same day with the 15:00 rule [C] Luật Hộ tịch 2014 Đ16.2, Đ5.3',
    },
  ),
  sim(
    {
      code: '1.000656',
      name: { vi: 'Đăng ký khai tử', en: 'Death registration' },
      field: HT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: sameDay },
      sameDayCutoff: '15:00',
      onlineLevel: 'full',
      populationDataConnected: true,
      components: [
        { code: 'TK', name: 'Tờ khai đăng ký khai tử' },
        { code: 'GBT', name: 'Giấy báo tử' },
      ],
      validFrom: '2016-01-01',
    },
    { weight: { commune: 2.5 }, online: 0.15, early: 0, late: 0.03, supplement: 0.005, source: 'code [U]; same day, 15:00 rule [C] Luật Hộ tịch 2014 Đ34, Đ5.3' },
  ),
  sim(
    {
      code: '1.000894',
      name: { vi: 'Đăng ký kết hôn', en: 'Marriage registration' },
      field: HT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: sameDay },
      sameDayCutoff: '15:00',
      onlineLevel: 'partial',
      populationDataConnected: true,
      components: [{ code: 'TK', name: 'Tờ khai đăng ký kết hôn' }],
      validFrom: '2016-01-01',
    },
    {
      weight: { commune: 3.5 },
      online: 0.1,
      early: 0,
      late: 0.05,
      supplement: 0.01,
      source: 'code [U]; immediate [C] Luật Hộ tịch 2014 Đ18.2 (≤ 5 working days when verification is needed — those cases show up as late here)',
    },
  ),
  sim(
    {
      code: '2.000635',
      name: { vi: 'Cấp bản sao Trích lục hộ tịch', en: 'Copy of a civil-status extract' },
      field: HT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: sameDay },
      sameDayCutoff: '15:00',
      onlineLevel: 'full',
      fees: [{ name: 'Phí cấp bản sao trích lục', amountVnd: 8000 }],
      resultKind: 'both',
      validFrom: '2016-01-01',
    },
    {
      weight: { commune: 7 },
      online: 0.35,
      early: 0,
      late: 0.02,
      supplement: 0,
      intakeSupplement: 0.01,
      source: 'code [S] (Hà Nội, brief §4.2, §9); same day with the 15:00 rule [S]',
    },
  ),
  sim(
    {
      code: '1.004873',
      name: { vi: 'Cấp Giấy xác nhận tình trạng hôn nhân', en: 'Certificate of marital status' },
      field: HT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: wd(3) },
      onlineLevel: 'full',
      populationDataConnected: true,
      resultKind: 'both',
      validFrom: '2016-01-01',
    },
    { weight: { commune: 7 }, online: 0.3, early: 0.55, late: 0.05, supplement: 0.02, source: 'code [U]; 3 working days [S] NĐ 123/2015 Đ22' },
  ),
  sim(
    {
      code: '1.004859',
      name: { vi: 'Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch', en: 'Change or correction of civil-status records' },
      field: HT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: wd(3) },
      onlineLevel: 'partial',
      fees: [{ name: 'Lệ phí hộ tịch', amountVnd: 15000 }],
      validFrom: '2016-01-01',
    },
    { weight: { commune: 2 }, online: 0.1, early: 0.4, late: 0.08, supplement: 0.06, source: 'code [U]; 3 working days [C] Luật Hộ tịch 2014 Đ28.2' },
  ),
  sim(
    {
      code: '1.001022',
      name: { vi: 'Đăng ký nhận cha, mẹ, con', en: 'Recognition of parentage' },
      field: HT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: wd(3) },
      onlineLevel: 'partial',
      validFrom: '2016-01-01',
    },
    { weight: { commune: 0.5 }, online: 0.05, early: 0.3, late: 0.1, supplement: 0.08, source: 'code [U]; 3 working days [C] Luật Hộ tịch 2014 Đ25.2' },
  ),
  sim(
    {
      code: '1.004837',
      name: { vi: 'Đăng ký giám hộ', en: 'Guardianship registration' },
      field: HT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: wd(3) },
      validFrom: '2016-01-01',
    },
    { weight: { commune: 0.2 }, early: 0.3, late: 0.08, source: 'code [U]; 3 working days [C] Luật Hộ tịch 2014 Đ20.2' },
  ),
  sim(
    {
      code: '2.000815',
      name: { vi: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', en: 'Certified copy from the original' },
      field: CT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: sameDay },
      sameDayCutoff: '15:00',
      instant: true,
      fees: [{ name: 'Lệ phí chứng thực (2.000 đ/trang)', amountVnd: 2000 }],
      validFrom: '2015-04-10',
    },
    {
      weight: { commune: 50, district: 4 },
      early: 0,
      late: 0,
      intakeSupplement: 0,
      intakeRefusal: 0.002,
      supplement: 0,
      refusal: 0,
      withdrawal: 0,
      source: 'code [S] (sample catalog); same day, 15:00 rule [C] NĐ 23/2015 Đ7; handled instantly (NĐ 61 Đ17.4)',
    },
  ),
  sim(
    {
      code: '2.000884',
      name: { vi: 'Chứng thực chữ ký trong các giấy tờ, văn bản', en: 'Certification of a signature' },
      field: CT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: sameDay },
      sameDayCutoff: '15:00',
      instant: true,
      fees: [{ name: 'Lệ phí chứng thực chữ ký', amountVnd: 10000 }],
      validFrom: '2015-04-10',
    },
    {
      weight: { commune: 8, district: 2 },
      early: 0,
      late: 0,
      intakeSupplement: 0,
      intakeRefusal: 0.003,
      supplement: 0,
      refusal: 0,
      withdrawal: 0,
      source: 'code [U]; same day, 15:00 rule [C] NĐ 23/2015 Đ7',
    },
  ),
  sim(
    {
      code: '2.001035',
      name: { vi: 'Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất và nhà ở', en: 'Certification of a contract on land or housing' },
      field: CT,
      level: 'commune',
      agency: XA,
      timeLimit: { statutory: wd(2) },
      fees: [{ name: 'Phí chứng thực hợp đồng', amountVnd: 50000 }],
      validFrom: '2015-04-10',
    },
    { weight: { commune: 3 }, early: 0.5, late: 0.03, supplement: 0.02, feeAt: 'result', source: 'code [U]; ≤ 2 working days [S] NĐ 23/2015 Đ37' },
  ),
  sim(
    {
      code: '1.001776',
      name: { vi: 'Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng', en: 'Monthly social allowance' },
      field: { code: 'BTXH', name: 'Bảo trợ xã hội' },
      level: 'district',
      agency: UBND_H,
      timeLimit: { statutory: wd(17) },
      onlineLevel: 'partial',
      route: {
        mode: 'sequential',
        legs: [
          { agency: XA, role: 'participant', budget: wd(7), task: 'Xét duyệt, niêm yết công khai' },
          { agency: LDTBXH, role: 'lead', budget: wd(7), task: 'Thẩm định, trình Chủ tịch UBND huyện' },
          { agency: UBND_H, role: 'participant', budget: wd(3), task: 'Quyết định trợ cấp' },
        ],
      },
      validFrom: '2014-01-01',
    },
    {
      weight: { commune: 2 },
      online: 0.05,
      early: 0.3,
      late: 0.1,
      supplement: 0.08,
      source: 'code [U]; 7 + 7 + 3 working days [U] NĐ 20/2021 Đ8 (NĐ 136/2013 before 01/07/2021, modelled with the same legs)',
    },
  ),

  // ——— District (UBND cấp huyện) ———
  sim(
    {
      code: '1.003003',
      name: { vi: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu', en: 'First land-use right certificate' },
      field: DD,
      level: 'district',
      agency: VPDK,
      timeLimit: { statutory: wd(20), local: wd(15) },
      route: {
        mode: 'sequential',
        legs: [
          { agency: VPDK, role: 'lead', budget: wd(8), task: 'Thẩm định, đo đạc' },
          { agency: THUE, role: 'participant', budget: wd(3), task: 'Xác định nghĩa vụ tài chính' },
          { agency: TNMT, role: 'participant', budget: wd(3), task: 'Trình ký Giấy chứng nhận' },
        ],
      },
      fees: [{ name: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 100000 }],
      components: [
        { code: 'DON', name: 'Đơn đăng ký đất đai' },
        { code: 'GT', name: 'Giấy tờ về quyền sử dụng đất' },
      ],
      validFrom: '2019-01-01',
    },
    {
      weight: { district: 9 },
      early: 0.25,
      late: 0.22,
      supplement: 0.12,
      refusal: 0.03,
      withdrawal: 0.008,
      feeAt: 'result',
      source: 'code [S] (sample catalog); 20 working days [U] (NĐ 43/2014 Đ61 as amended), locally cut to 15 (as Hà Nội-style cuts, brief §9)',
    },
  ),
  sim(
    {
      code: '1.004227',
      name: { vi: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (chuyển nhượng, tặng cho, thừa kế)', en: 'Registration of a land transfer' },
      field: DD,
      level: 'district',
      agency: VPDK,
      timeLimit: { statutory: wd(10), local: wd(8) },
      route: {
        mode: 'parallel',
        legs: [
          { agency: VPDK, role: 'lead', budget: wd(6), task: 'Chỉnh lý Giấy chứng nhận' },
          { agency: THUE, role: 'participant', budget: wd(3), task: 'Thông báo nghĩa vụ tài chính' },
        ],
      },
      onlineLevel: 'partial',
      fees: [{ name: 'Lệ phí chỉnh lý biến động', amountVnd: 30000 }],
      validFrom: '2019-01-01',
    },
    {
      weight: { district: 22 },
      online: 0.05,
      early: 0.35,
      late: 0.15,
      supplement: 0.08,
      refusal: 0.015,
      feeAt: 'result',
      source: 'code [U]; 10 days [U] (NĐ 43/2014 Đ61 as amended by NĐ 01/2017), local cut to 8 [U]',
    },
  ),
  sim(
    {
      code: '1.004203',
      name: { vi: 'Chuyển mục đích sử dụng đất phải được phép của cơ quan nhà nước có thẩm quyền đối với hộ gia đình, cá nhân', en: 'Change of land use (households)' },
      field: DD,
      level: 'district',
      agency: TNMT,
      timeLimit: { statutory: wd(15) },
      route: {
        mode: 'sequential',
        legs: [
          { agency: TNMT, role: 'lead', budget: wd(8), task: 'Thẩm định, thực địa' },
          { agency: THUE, role: 'participant', budget: wd(3), task: 'Xác định tiền sử dụng đất' },
          { agency: UBND_H, role: 'participant', budget: wd(3), task: 'Quyết định cho phép chuyển mục đích' },
        ],
      },
      fees: [{ name: 'Lệ phí', amountVnd: 100000 }],
      validFrom: '2019-01-01',
    },
    {
      weight: { district: 6 },
      early: 0.2,
      late: 0.25,
      supplement: 0.15,
      refusal: 0.05,
      withdrawal: 0.01,
      feeAt: 'result',
      source: 'code [U]; 15 days [U] (NĐ 43/2014 Đ61 as amended)',
    },
  ),
  sim(
    {
      code: '1.002273',
      name: { vi: 'Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất', en: 'Exchange of a land-use right certificate' },
      field: DD,
      level: 'district',
      agency: VPDK,
      timeLimit: { statutory: wd(7) },
      onlineLevel: 'partial',
      fees: [{ name: 'Lệ phí cấp đổi', amountVnd: 50000 }],
      validFrom: '2019-01-01',
    },
    { weight: { district: 10 }, online: 0.05, early: 0.35, late: 0.14, supplement: 0.08, feeAt: 'result', source: 'code [U]; 7 days [U] (NĐ 43/2014 Đ61 as amended)' },
  ),
  sim(
    {
      code: '1.009994',
      name: { vi: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ', en: 'Construction permit for a private house' },
      field: { code: 'XD', name: 'Hoạt động xây dựng' },
      level: 'district',
      agency: QLDT,
      timeLimit: { statutory: wd(15) },
      route: {
        mode: 'parallel',
        legs: [
          { agency: QLDT, role: 'lead', budget: wd(12), task: 'Thẩm định hồ sơ, kiểm tra thực địa' },
          { agency: XA, role: 'participant', budget: wd(5), task: 'Xác nhận hiện trạng' },
        ],
      },
      onlineLevel: 'partial',
      fees: [{ name: 'Lệ phí cấp giấy phép xây dựng', amountVnd: 75000 }],
      components: [
        { code: 'DON', name: 'Đơn đề nghị cấp giấy phép xây dựng' },
        { code: 'BV', name: 'Bản vẽ thiết kế' },
      ],
      validFrom: '2015-01-01',
    },
    {
      weight: { district: 6 },
      online: 0.1,
      early: 0.2,
      late: 0.18,
      supplement: 0.15,
      refusal: 0.04,
      feeAt: 'result',
      source: 'code [S] (sample catalog); 15 days [U] Luật Xây dựng 2014 Đ102 (working vs calendar days unconfirmed)',
    },
  ),
  sim(
    {
      code: '2.000720',
      name: { vi: 'Đăng ký thành lập hộ kinh doanh', en: 'Household business registration' },
      field: { code: 'TLHKD', name: 'Thành lập và hoạt động của hộ kinh doanh' },
      level: 'district',
      agency: TCKH,
      timeLimit: { statutory: wd(3) },
      onlineLevel: 'full',
      fees: [{ name: 'Lệ phí đăng ký hộ kinh doanh', amountVnd: 100000 }],
      resultKind: 'both',
      validFrom: '2015-11-01',
    },
    {
      weight: { district: 12 },
      online: 0.25,
      early: 0.5,
      late: 0.04,
      supplement: 0.06,
      source: 'code [U]; 3 working days [C] NĐ 01/2021 (NĐ 78/2015 before 04/01/2021, same limit [U])',
    },
  ),
  sim(
    {
      code: '1.001612',
      name: { vi: 'Cấp Giấy phép bán lẻ sản phẩm rượu', en: 'Alcohol retail licence' },
      field: { code: 'LT', name: 'Lưu thông hàng hóa trong nước' },
      level: 'district',
      agency: KT,
      timeLimit: { statutory: wd(10) },
      onlineLevel: 'partial',
      fees: [{ name: 'Phí thẩm định', amountVnd: 200000 }],
      validFrom: '2017-11-01',
    },
    { weight: { district: 1.5 }, online: 0.15, early: 0.45, late: 0.06, supplement: 0.1, source: 'code [U]; 10 working days [U] NĐ 105/2017' },
  ),
  sim(
    {
      code: '1.000893',
      name: { vi: 'Đăng ký kết hôn có yếu tố nước ngoài', en: 'Marriage registration with a foreign element' },
      field: HT,
      level: 'district',
      agency: TP,
      timeLimit: { statutory: wd(15) },
      fees: [{ name: 'Lệ phí đăng ký kết hôn', amountVnd: 1000000 }],
      validFrom: '2016-01-01',
    },
    { weight: { district: 1 }, early: 0.3, late: 0.06, supplement: 0.1, refusal: 0.02, feeAt: 'result', source: 'code [U]; 15 days [S] Luật Hộ tịch 2014 Đ38 (unit unconfirmed)' },
  ),
  sim(
    {
      code: '2.000843',
      name: { vi: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước ngoài cấp', en: 'Certified copy of a foreign document' },
      field: CT,
      level: 'district',
      agency: TP,
      timeLimit: { statutory: sameDay },
      sameDayCutoff: '15:00',
      instant: true,
      fees: [{ name: 'Lệ phí chứng thực', amountVnd: 2000 }],
      validFrom: '2015-04-10',
    },
    { weight: { district: 16 }, early: 0, late: 0, intakeSupplement: 0, supplement: 0, refusal: 0, withdrawal: 0, source: 'code [U]; same day, 15:00 rule [C] NĐ 23/2015 Đ7' },
  ),

  // ——— Province (only in --scale lang-son) ———
  sim(
    {
      code: '2.002030',
      name: { vi: 'Đăng ký thành lập doanh nghiệp tư nhân', en: 'Private enterprise registration' },
      field: { code: 'TLDN', name: 'Thành lập và hoạt động doanh nghiệp' },
      level: 'province',
      agency: { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' },
      timeLimit: { statutory: wd(3) },
      onlineLevel: 'full',
      fees: [{ name: 'Lệ phí đăng ký doanh nghiệp', amountVnd: 50000 }],
      resultKind: 'electronic',
      validFrom: '2015-11-01',
    },
    {
      weight: { province: 4 },
      online: 0.85,
      early: 0.6,
      late: 0.02,
      supplement: 0.1,
      source: 'code [S] (sample catalog); 3 working days [C] NĐ 01/2021 Đ33 (NĐ 78/2015 before 2021 [U])',
    },
  ),
  sim(
    {
      code: '2.001199',
      name: { vi: 'Đăng ký thành lập công ty TNHH hai thành viên trở lên', en: 'Limited liability company registration' },
      field: { code: 'TLDN', name: 'Thành lập và hoạt động doanh nghiệp' },
      level: 'province',
      agency: { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' },
      timeLimit: { statutory: wd(3) },
      onlineLevel: 'full',
      fees: [{ name: 'Lệ phí đăng ký doanh nghiệp', amountVnd: 50000 }],
      resultKind: 'electronic',
      validFrom: '2015-11-01',
    },
    { weight: { province: 6 }, online: 0.85, early: 0.6, late: 0.02, supplement: 0.12, source: 'code [U]; 3 working days [C] NĐ 01/2021 Đ33 (NĐ 78/2015 before 2021 [U])' },
  ),
  sim(
    {
      code: '2.000488',
      name: { vi: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', en: 'Judicial record certificate' },
      field: { code: 'LLTP', name: 'Lý lịch tư pháp' },
      level: 'province',
      agency: { code: 'STP', name: 'Sở Tư pháp' },
      timeLimit: { statutory: wd(10) },
      onlineLevel: 'full',
      populationDataConnected: true,
      fees: [{ name: 'Phí cung cấp thông tin lý lịch tư pháp', amountVnd: 200000 }],
      resultKind: 'both',
      validFrom: '2019-01-01',
    },
    { weight: { province: 20 }, online: 0.6, early: 0.5, late: 0.05, supplement: 0.02, source: 'code [U]; ≤ 10 days [S] Luật Lý lịch tư pháp 2009 Đ48' },
  ),
  sim(
    {
      code: '1.002804',
      name: { vi: 'Đổi giấy phép lái xe do ngành Giao thông vận tải cấp', en: 'Exchange of a driving licence' },
      field: { code: 'DB', name: 'Đường bộ' },
      level: 'province',
      agency: { code: 'SGTVT', name: 'Sở Giao thông vận tải' },
      timeLimit: { statutory: wd(5) },
      onlineLevel: 'full',
      fees: [{ name: 'Lệ phí cấp đổi giấy phép lái xe', amountVnd: 135000 }],
      validFrom: '2019-01-01',
    },
    { weight: { province: 30 }, online: 0.5, early: 0.55, late: 0.03, supplement: 0.01, source: 'code [U]; ≤ 5 working days [U] TT 12/2017/TT-BGTVT' },
  ),
];

/** Look up a procedure's profile by code. */
export function profileOf(code: string): SimProfile {
  const found = SIM_PROCEDURES.find((s) => s.procedure.code === code);
  if (!found) throw new Error(`no simulation profile for ${code}`);
  return found.profile;
}

/** The day two-tier local government starts: districts end on 30/06/2025 (brief §1; `DEFAULT_LEVELS`). */
export const TWO_TIER_FROM = '2025-07-01';

/** The UBND of a commune (cấp xã), the competent agency of the former district procedures after the change. */
const XA_2025 = { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' };

/**
 * Every procedure version of the simulation: the 25 procedures, where each
 * district-level one ends on 30/06/2025 and continues from 01/07/2025 as
 * version 2 at commune level (two-tier local government: the district's
 * procedures pass to the communes [S], same limits and route — the new
 * internal processes are not modelled [U]). A dossier is handled under the
 * version in force on its receipt day, so one received before the change
 * stays a district dossier.
 *
 * @example simulationProcedures().filter((p) => p.version === '2').every((p) => p.level === 'commune'); // true
 */
export function simulationProcedures(): Procedure[] {
  const out: Procedure[] = [];
  for (const { procedure: pr } of SIM_PROCEDURES) {
    if (pr.level !== 'district') {
      out.push(pr);
      continue;
    }
    const dayBefore = '2025-06-30';
    out.push(defineProcedure({ ...(pr as ProcedureInput), validTo: dayBefore }));
    out.push(defineProcedure({ ...(pr as ProcedureInput), version: '2', level: 'commune', agency: XA_2025, validFrom: TWO_TIER_FROM }));
  }
  return out;
}

/**
 * The engine catalog of the simulation (district procedures pass to the communes on 01/07/2025, see {@link simulationProcedures}).
 * @example const catalog = simulationCatalog(); catalog.resolve('1.003003', '2025-07-01').level; // 'commune'
 */
export function simulationCatalog(): Catalog {
  return createCatalog({ procedures: simulationProcedures() });
}

/**
 * The same catalog with every working-day limit cut by `percent` (cắt giảm
 * thời gian giải quyết), as provinces do (Lạng Sơn cut 33.8–39.2 % a year,
 * brief §9). The cut applies to the limit in force (local if any, else
 * statutory), rounds to the nearest day and keeps at least one day; route
 * legs are cut alike. Same-day and instant procedures are unchanged. A 0 %
 * cut returns an equal catalog.
 *
 * @example cutCatalog(30).resolve('1.003003', '2021-03-01').timeLimit.local; // { unit: 'workingDays', value: 11 }
 */
export function cutCatalog(percent: number): Catalog {
  if (!(percent >= 0 && percent < 100)) throw new RangeError(`cut must be in [0, 100), got ${percent}`);
  const cut = (v: number) => Math.max(1, Math.round(v * (1 - percent / 100)));
  return createCatalog({
    procedures: simulationProcedures().map((pr) => {
      const limit = effectiveLimit(pr);
      if (percent === 0 || limit.unit !== 'workingDays') return pr;
      return defineProcedure({
        ...(pr as ProcedureInput),
        timeLimit: { statutory: pr.timeLimit.statutory, local: { unit: 'workingDays', value: cut(limit.value) } },
        ...(pr.route
          ? {
              route: {
                ...pr.route,
                legs: pr.route.legs.map((leg) => (leg.budget.unit === 'workingDays' ? { ...leg, budget: { unit: 'workingDays' as const, value: cut(leg.budget.value) } } : leg)),
              },
            }
          : {}),
      });
    }),
  });
}
