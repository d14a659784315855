import { createCatalog, defineProcedure, type Catalog, type Procedure } from '@motcua/core';
import { approvalSampleProcedures, sampleProcedures as s } from '@motcua/core/samples';

const XA = { code: 'UBND-XA', name: 'Ủy ban nhân dân xã Đa Tốn' };

/**
 * The procedures the desk offers: the sample procedures of
 * `@motcua/core/samples`, adapted to a commune desk after 01/07/2025 — its own
 * commune as the competent agency, business registration at the Sở Tài chính
 * (which absorbed the Sở Kế hoạch và Đầu tư in 2025), and no inter-agency
 * routes (the desk shows the one-stop side of the work). Household business
 * registration has the internal approval route (specialist drafts → head of
 * division reviews → chairman signs, 16 + 4 + 4 working hours).
 */
export const deskProcedures: readonly Procedure[] = [
  defineProcedure({ ...s.birthRegistration, agency: XA }),
  defineProcedure({ ...s.certifiedCopy, agency: XA }),
  defineProcedure({ ...s.businessRegistration, agency: { code: 'STC', name: 'Sở Tài chính' } }),
  defineProcedure({ ...s.constructionPermit, agency: XA, route: undefined }),
  defineProcedure({ ...s.firstLandCertificate2025, route: undefined }),
  defineProcedure({ ...approvalSampleProcedures.householdBusiness, agency: XA }),
];

/**
 * The desk's catalog.
 * @example const engine = createEngine({ store, catalog: deskCatalog() });
 */
export function deskCatalog(): Catalog {
  return createCatalog({ procedures: deskProcedures });
}

/** Receiving units the desk works for (TT 10/2016 codes). */
export const DESK_UNITS = [
  { code: '000.00.20.H26', name: 'Trung tâm Phục vụ hành chính công xã Đa Tốn' },
  { code: '000.00.21.H26', name: 'Trung tâm Phục vụ hành chính công xã Gia Lâm' },
] as const;
