import type { Catalog } from '@motcua/core';

/** Procedure attributes used for grouping and for Decision 766 denominators. */
export interface ProcedureInfo {
  agency: string;
  agencyName: string;
  field: string;
  fieldName: string;
  level: string;
  name: string;
  onlineLevel: 'none' | 'partial' | 'full';
  resultKind: 'paper' | 'electronic' | 'both';
  /** Has a fee with a non-zero amount (766 indicator 3.6 denominator). */
  feeBearing: boolean;
  populationDataConnected: boolean;
  known: boolean;
}

const UNKNOWN: ProcedureInfo = {
  agency: 'unknown',
  agencyName: 'unknown',
  field: 'unknown',
  fieldName: 'unknown',
  level: 'unknown',
  name: 'unknown',
  onlineLevel: 'none',
  resultKind: 'paper',
  feeBearing: false,
  populationDataConnected: false,
  known: false,
};

/**
 * Memoised lookup of procedure attributes by code and version. A procedure
 * missing from the catalog reads as `unknown` (never throws in a report).
 * @example const info = procedureInfo(catalog); info('1.001193', '1').agency // 'UBND-XA'
 */
export function procedureInfo(catalog: Catalog): (code: string, version: string) => ProcedureInfo {
  const memo = new Map<string, ProcedureInfo>();
  return (code, version) => {
    const key = `${code}@${version}`;
    let info = memo.get(key);
    if (!info) {
      try {
        const procedure = catalog.get(code, version);
        info = {
          agency: procedure.agency.code,
          agencyName: procedure.agency.name,
          field: procedure.field.code,
          fieldName: procedure.field.name,
          level: procedure.level,
          name: procedure.name.vi,
          onlineLevel: procedure.onlineLevel,
          resultKind: procedure.resultKind,
          feeBearing: procedure.fees.some((fee) => fee.amountVnd > 0),
          populationDataConnected: procedure.populationDataConnected,
          known: true,
        };
      } catch {
        info = UNKNOWN;
      }
      memo.set(key, info);
    }
    return info;
  };
}
