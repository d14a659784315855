/**
 * @motcua/core/samples — sample procedures (real names, levels and limits) for
 * examples, demos and tests. Safe to import at run time (no test-runner imports).
 */
import { createCatalog, type Catalog } from '../procedure/catalog';
import { defineProcedure, type Procedure } from '../procedure/procedure';
import { defaultApprovalRoute } from '../procedure/approval-route';

/**
 * Sample procedures for tests, examples and documentation. Names, levels and
 * time limits follow the cited legal texts; the procedure codes are as
 * published on the national database where known and otherwise illustrative.
 */
export const sampleProcedures = {
  /** Đăng ký khai sinh — same day, 15:00 rule (Luật Hộ tịch 2014 Đ16.2, Đ5.3). */
  birthRegistration: defineProcedure({
    code: '1.001193',
    name: { vi: 'Thủ tục đăng ký khai sinh', en: 'Birth registration' },
    field: { code: 'HT', name: 'Hộ tịch' },
    level: 'commune',
    agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' },
    timeLimit: { statutory: { unit: 'sameDay', cutoff: '15:00' } },
    sameDayCutoff: '15:00',
    onlineLevel: 'full',
    populationDataConnected: true,
    components: [
      { code: 'TK', name: 'Tờ khai đăng ký khai sinh' },
      { code: 'GCS', name: 'Giấy chứng sinh' },
    ],
    resultKind: 'both',
    validFrom: '2016-01-01',
  }),
  /** Chứng thực bản sao từ bản chính — instant (NĐ 23/2015 Đ7, NĐ 61 Đ17.4). */
  certifiedCopy: defineProcedure({
    code: '2.000815',
    name: { vi: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', en: 'Certified copy from the original' },
    field: { code: 'CT', name: 'Chứng thực' },
    level: 'commune',
    agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' },
    timeLimit: { statutory: { unit: 'sameDay', cutoff: '15:00' } },
    sameDayCutoff: '15:00',
    instant: true,
    fees: [{ name: 'Lệ phí chứng thực', amountVnd: 2000 }],
    validFrom: '2015-04-10',
  }),
  /** Đăng ký thành lập doanh nghiệp — 3 working days (NĐ 01/2021 Đ33). */
  businessRegistration: defineProcedure({
    code: '2.002030',
    name: { vi: 'Đăng ký thành lập doanh nghiệp tư nhân', en: 'Private enterprise registration' },
    field: { code: 'TLDN', name: 'Thành lập và hoạt động doanh nghiệp' },
    level: 'province',
    agency: { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' },
    timeLimit: { statutory: { unit: 'workingDays', value: 3 } },
    onlineLevel: 'full',
    fees: [{ name: 'Lệ phí đăng ký doanh nghiệp', amountVnd: 50000 }],
    components: [{ code: 'GDN', name: 'Giấy đề nghị đăng ký doanh nghiệp' }],
    resultKind: 'electronic',
    validFrom: '2021-03-04',
  }),
  /** Đăng ký đất đai, cấp Giấy chứng nhận lần đầu — sequential inter-agency route (paper). */
  firstLandCertificate: defineProcedure({
    code: '1.003003',
    name: { vi: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu', en: 'First land-use right certificate' },
    field: { code: 'DD', name: 'Đất đai' },
    level: 'district',
    agency: { code: 'VPDKDD', name: 'Chi nhánh Văn phòng đăng ký đất đai' },
    timeLimit: { statutory: { unit: 'workingDays', value: 20 }, local: { unit: 'workingDays', value: 15 } },
    route: {
      mode: 'sequential',
      legs: [
        { agency: { code: 'VPDKDD', name: 'Chi nhánh Văn phòng đăng ký đất đai' }, role: 'lead', budget: { unit: 'workingDays', value: 8 }, task: 'Thẩm định, đo đạc' },
        { agency: { code: 'CCT', name: 'Chi cục Thuế' }, role: 'participant', budget: { unit: 'workingDays', value: 3 }, task: 'Xác định nghĩa vụ tài chính' },
        { agency: { code: 'PTNMT', name: 'Phòng Tài nguyên và Môi trường' }, role: 'participant', budget: { unit: 'workingDays', value: 3 }, task: 'Trình ký Giấy chứng nhận' },
      ],
    },
    fees: [{ name: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 100000 }],
    validFrom: '2019-01-01',
    validTo: '2025-06-30',
  }),
  /**
   * The same land procedure after 01/07/2025 (two-tier local government): a new
   * version at province level, parallel with a lead agency (NĐ 118/2025 Đ20.2:
   * electronic dossiers go to all agencies at once).
   */
  firstLandCertificate2025: defineProcedure({
    code: '1.003003',
    version: '2',
    name: { vi: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận lần đầu', en: 'First land-use right certificate' },
    field: { code: 'DD', name: 'Đất đai' },
    level: 'province',
    agency: { code: 'VPDKDD', name: 'Văn phòng đăng ký đất đai' },
    timeLimit: { statutory: { unit: 'workingDays', value: 20 }, local: { unit: 'workingDays', value: 17 } },
    route: {
      mode: 'parallel',
      legs: [
        { agency: { code: 'VPDKDD', name: 'Văn phòng đăng ký đất đai' }, role: 'lead', budget: { unit: 'workingDays', value: 12 }, task: 'Thẩm định, đo đạc, trình ký' },
        { agency: { code: 'CCT', name: 'Thuế cơ sở' }, role: 'participant', budget: { unit: 'workingDays', value: 3 }, task: 'Xác định nghĩa vụ tài chính' },
      ],
    },
    fees: [{ name: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 100000 }],
    validFrom: '2025-07-01',
  }),
  /** Cấp giấy phép xây dựng nhà ở riêng lẻ — parallel inter-agency route (electronic). */
  constructionPermit: defineProcedure({
    code: '1.009994',
    name: { vi: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ', en: 'Construction permit for a private house' },
    field: { code: 'XD', name: 'Hoạt động xây dựng' },
    level: 'commune',
    agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' },
    timeLimit: { statutory: { unit: 'workingDays', value: 15 } },
    route: {
      mode: 'parallel',
      legs: [
        { agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' }, role: 'lead', budget: { unit: 'workingDays', value: 10 } },
        { agency: { code: 'SXD', name: 'Sở Xây dựng' }, role: 'participant', budget: { unit: 'workingDays', value: 7 } },
      ],
    },
    onlineLevel: 'partial',
    fees: [{ name: 'Lệ phí cấp giấy phép xây dựng', amountVnd: 75000 }],
    validFrom: '2021-01-01',
  }),
} satisfies Record<string, Procedure>;

/**
 * A catalog of {@link sampleProcedures}.
 * @example const engine = createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog() });
 */
export function sampleCatalog(): Catalog {
  return createCatalog({ procedures: Object.values(sampleProcedures) });
}

/**
 * Sample procedures with an internal approval route (quy trình nội bộ,
 * domain §12.2): specialist drafts → head of division reviews → leader signs,
 * with per-step budgets inside the legal limit. Kept apart from
 * {@link sampleProcedures} (whose machines resolve without steps); add them to
 * a catalog with {@link approvalSampleCatalog} or next to the others.
 * Procedure codes are illustrative.
 */
export const approvalSampleProcedures = {
  /** Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm — 20 working days; steps 12 + 5 + 3 working days. */
  foodSafetyCertificate: defineProcedure({
    code: '2.000591',
    name: { vi: 'Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm', en: 'Food safety certificate' },
    field: { code: 'ATTP', name: 'An toàn thực phẩm' },
    level: 'province',
    agency: { code: 'SYT', name: 'Sở Y tế' },
    timeLimit: { statutory: { unit: 'workingDays', value: 20 } },
    approvalRoute: defaultApprovalRoute({
      draft: { unit: 'workingDays', value: 12 },
      review: { unit: 'workingDays', value: 5 },
      sign: { unit: 'workingDays', value: 3 },
    }),
    onlineLevel: 'full',
    fees: [{ name: 'Phí thẩm định', amountVnd: 1_000_000 }],
    validFrom: '2025-07-01',
  }),
  /** Đăng ký hộ kinh doanh — 3 working days (NĐ 01/2021 Đ88); steps 16 + 4 + 4 working hours. */
  householdBusiness: defineProcedure({
    code: '2.000720',
    name: { vi: 'Đăng ký thành lập hộ kinh doanh', en: 'Household business registration' },
    field: { code: 'TLDN', name: 'Thành lập và hoạt động doanh nghiệp' },
    level: 'commune',
    agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' },
    timeLimit: { statutory: { unit: 'workingDays', value: 3 } },
    approvalRoute: defaultApprovalRoute({
      draft: { unit: 'workingHours', value: 16 },
      review: { unit: 'workingHours', value: 4 },
      sign: { unit: 'workingHours', value: 4 },
    }),
    onlineLevel: 'full',
    validFrom: '2021-03-04',
  }),
} satisfies Record<string, Procedure>;

/**
 * A catalog of {@link sampleProcedures} and {@link approvalSampleProcedures}.
 * @example const engine = createEngine({ store: new InMemoryEventStore(), catalog: approvalSampleCatalog() });
 */
export function approvalSampleCatalog(): Catalog {
  return createCatalog({ procedures: [...Object.values(sampleProcedures), ...Object.values(approvalSampleProcedures)] });
}
