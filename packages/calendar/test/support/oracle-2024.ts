/**
 * An independent, brute-force model of the 2024 deadline calendar, written by
 * hand from the official notices (TB 5015/TB-LĐTBXH, CV 2450/VPCP-KGVX) — it
 * shares no code with the package:
 * Mon–Fri, minus 01/01, Tết 08–14/02 (Thu–Wed), Giỗ Tổ 18/04, the 30/4 swap
 * (Mon 29/04 off, Sat 04/05 worked), 30/04, 01/05, Quốc khánh 02–03/09.
 * Day numbers are days since 1970-01-01 (local Vietnamese days).
 */
const OFF_2024 = new Set(['2024-01-01', '2024-02-08', '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-04-18', '2024-04-29', '2024-04-30', '2024-05-01', '2024-09-02', '2024-09-03']);
const WORK_2024 = new Set(['2024-05-04']);

export const dayNo = (d: string): number => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;
export const dateOf = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** Working day in the 2024 model (only meaningful in 2024). */
export function working(n: number): boolean {
  const d = dateOf(n);
  if (WORK_2024.has(d)) return true;
  if (OFF_2024.has(d)) return false;
  const wd = new Date(n * 86_400_000).getUTCDay();
  return wd !== 0 && wd !== 6;
}

/** The first working day ≥ n. */
export const firstWorkingFrom = (n: number): number => {
  while (!working(n)) n++;
  return n;
};

/** The first working day > n. */
export const nextWorking = (n: number): number => firstWorkingFrom(n + 1);

/** Walk forward k working days after day n (n itself not counted); k = 0 → n if working, else the next working day. */
export function addWorking(n: number, k: number): number {
  if (k === 0) return firstWorkingFrom(n);
  let d = n;
  while (k > 0) {
    d++;
    if (working(d)) k--;
  }
  return d;
}

/** The k-th working day strictly before day n (k ≥ 1). */
export function workingBefore(n: number, k: number): number {
  let d = n;
  while (k > 0) {
    d--;
    if (working(d)) k--;
  }
  return d;
}

export const FIRST_2024 = dayNo('2024-01-01');
export const LAST_2024 = dayNo('2024-12-31');
