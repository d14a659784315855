/**
 * Rebuilt and runner snapshots in one normal form for comparison: map entries in key order, timeliness dimensions
 * by name (reports read neither the order of map entries nor dimension numbers).
 */

/** Map entries in key order, timeliness dimensions by name (as in rebuild-merge.test.ts). */
export function normal(snapshot: unknown): unknown {
  const value = snapshot as Record<string, unknown>;
  if (Array.isArray(value.dims)) {
    const dims = value.dims as unknown[];
    const name = (index: number) => JSON.stringify(dims[index]);
    const PAGES = 1 << 15;
    const cube: [string, number][] = [];
    for (const row of value.cube as number[][])
      for (let i = 1; i + 1 < row.length; i += 2) cube.push([`${name(Math.floor(row[0]! / PAGES))}|${row[0]! % PAGES}|${row[i]}`, row[i + 1]!]);
    const records = (list: [string, { dim: number }][]) => sortEntries(list.map(([id, record]) => [id, { ...record, dim: name(record.dim) }]));
    return {
      ...value,
      dims: dims.map((d) => JSON.stringify(d)).sort(),
      cube: sortEntries(cube),
      open: records(value.open as never),
      tail: records(value.tail as never),
      intake: sortEntries(value.intake as never),
    };
  }
  const sortAll = (item: unknown): unknown => {
    if (Array.isArray(item) && item.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string')) return sortEntries(item as [string, unknown][]);
    if (item && typeof item === 'object' && !Array.isArray(item)) return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, sortAll(v)]));
    return item;
  };
  return sortAll(snapshot);
}

function sortEntries<T>(entries: [string, T][]): [string, T][] {
  return [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
