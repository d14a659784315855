import type { Catalog } from '@motcua/core';
import { ValidationError } from '@motcua/core';
import { procedureInfo, type ProcedureInfo } from './catalog-info';
import type { DimInfo } from './state';

/**
 * Grouping dimensions of reports (06a, 766). `unit` is the receiving unit
 * (đơn vị tiếp nhận); `handlingUnit` the competent unit that resolves the
 * dossier — the receiving unit unless the intake named another one (reception
 * regardless of administrative boundaries, NĐ 118/2025 Đ14.2); `rulePack` the
 * rule pack the dossier is pinned to (NĐ 61/2018 or NĐ 118/2025, by receipt
 * date). Each grouping counts every dossier exactly once, so the totals over
 * `unit` and over `handlingUnit` are equal.
 */
export type GroupDimension = 'unit' | 'handlingUnit' | 'agency' | 'procedure' | 'field' | 'level' | 'channel' | 'rulePack';
/** Every grouping dimension of reports 06a and 766 (see {@link GroupDimension}). */
export const GROUP_DIMENSIONS: readonly GroupDimension[] = ['unit', 'handlingUnit', 'agency', 'procedure', 'field', 'level', 'channel', 'rulePack'];

/** A report row's group: the grouping values (codes), plus the period label when split. */
export type GroupKey = Partial<Record<GroupDimension | 'period', string>>;

export function checkGroupBy(groupBy: readonly string[] | undefined): GroupDimension[] {
  const dimensions = [...(groupBy ?? [])];
  const bad = dimensions.filter((name) => !GROUP_DIMENSIONS.includes(name as GroupDimension));
  if (bad.length)
    throw new ValidationError(
      'Invalid groupBy',
      bad.map((name) => ({ code: 'invalid_enum_value', path: ['groupBy'], message: `unknown grouping '${name}' (expected ${GROUP_DIMENSIONS.join(', ')})` })),
    );
  return dimensions as GroupDimension[];
}

/** Value of one grouping dimension for a group dimension record. */
export function dimValue(dim: DimInfo, info: ProcedureInfo, dimension: GroupDimension): string {
  switch (dimension) {
    case 'unit':
      return dim.unit;
    case 'handlingUnit':
      return dim.handlingUnit ?? dim.unit;
    case 'rulePack':
      return dim.rulePack ?? '';
    case 'agency':
      return info.agency;
    case 'procedure':
      return dim.procedure;
    case 'field':
      return info.field;
    case 'level':
      return info.level;
    case 'channel':
      return dim.channel;
  }
}

/**
 * Sum per-dimension accumulators into groups (sorted by group values).
 * @example groupAccumulators(dims, accs, catalog, ['agency'])
 */
export function groupAccumulators(dims: readonly DimInfo[], accs: Map<number, Float64Array>, catalog: Catalog, groupBy: readonly GroupDimension[]) {
  const info = procedureInfo(catalog);
  const groups = new Map<string, { group: GroupKey; acc: Float64Array; dims: number[] }>();
  for (const [dim, counters] of accs) {
    const dimInfo = dims[dim]!;
    const procInfo = info(dimInfo.procedure, dimInfo.version);
    const group: GroupKey = {};
    for (const dimension of groupBy) group[dimension] = dimValue(dimInfo, procInfo, dimension);
    const key = groupBy.map((dimension) => group[dimension]).join('\u0000');
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { group, acc: new Float64Array(counters.length), dims: [] }));
    for (let i = 0; i < counters.length; i++) entry.acc[i]! += counters[i]!;
    entry.dims.push(dim);
  }
  return [...groups.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, entry]) => ({ ...entry, info }));
}
