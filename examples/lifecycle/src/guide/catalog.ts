import { createCatalog, defineProcedure, type Catalog } from '@motcua/core';

/** The one-stop unit that receives dossiers, and the agencies that handle them. */
export const UNIT = { code: '000.00.06.H56', name: 'Trung tâm Phục vụ hành chính công tỉnh' };
export const DPI = { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' };
export const TAX = { code: 'CT', name: 'Cục Thuế tỉnh' };

/** Business registration: 3 working days (NĐ 01/2021 Đ33), a fee, partly online. */
export const businessRegistration = defineProcedure({
  code: '2.002030',
  name: { vi: 'Đăng ký thành lập doanh nghiệp tư nhân', en: 'Registration of a private enterprise' },
  field: { code: 'TLDN', name: 'Thành lập và hoạt động doanh nghiệp' },
  level: 'province',
  agency: DPI,
  timeLimit: { statutory: { unit: 'workingDays', value: 3 } },
  fees: [{ name: 'Lệ phí đăng ký doanh nghiệp', amountVnd: 50_000 }],
  onlineLevel: 'partial',
  components: [{ code: 'GDN', name: 'Giấy đề nghị đăng ký doanh nghiệp' }],
  validFrom: '2021-03-04',
});

/**
 * An inter-agency procedure: 15 working days by law, cut to 10 locally;
 * the lead agency has 6 working days, the tax office 16 working hours, in sequence.
 */
export const investmentProject = defineProcedure({
  code: '1.009645.H56',
  name: { vi: 'Chấp thuận chủ trương đầu tư (liên thông thuế)' },
  field: { code: 'DT', name: 'Đầu tư' },
  level: 'province',
  agency: DPI,
  timeLimit: { statutory: { unit: 'workingDays', value: 15 }, local: { unit: 'workingDays', value: 10 } },
  route: {
    mode: 'sequential',
    legs: [
      { agency: DPI, role: 'lead', budget: { unit: 'workingDays', value: 6 }, task: 'Thẩm định hồ sơ' },
      { agency: TAX, role: 'participant', budget: { unit: 'workingHours', value: 16 }, task: 'Xác định nghĩa vụ thuế' },
    ],
  },
  onlineLevel: 'full',
  resultKind: 'both',
  validFrom: '2024-01-01',
});

/** A limit in calendar days (days off count), and one on the same day with the 15:00 cut-off. */
export const landAppraisal = defineProcedure({
  code: '1.004227',
  name: { vi: 'Thẩm định nhu cầu sử dụng đất' },
  field: { code: 'DD', name: 'Đất đai' },
  level: 'province',
  agency: { code: 'STNMT', name: 'Sở Tài nguyên và Môi trường' },
  timeLimit: { statutory: { unit: 'calendarDays', value: 30 } },
  validFrom: '2024-01-01',
});
export const certifiedCopy = defineProcedure({
  code: '2.000815',
  name: { vi: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản' },
  field: { code: 'CT', name: 'Chứng thực' },
  level: 'commune',
  agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' },
  timeLimit: { statutory: { unit: 'sameDay', cutoff: '15:00' } },
  validFrom: '2016-01-01',
});

/** The province's catalog: every procedure version the engine may receive. */
export function provinceCatalog(): Catalog {
  return createCatalog({ procedures: [businessRegistration, investmentProject, landAppraisal, certifiedCopy] });
}
