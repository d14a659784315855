/**
 * Accent folding for Vietnamese search (tìm kiếm không dấu): NFD, drop the
 * combining marks (the five tones and the hat/horn/breve), `đ` → `d`,
 * lower case, runs of white space to one space, trimmed. Idempotent.
 *
 * @example
 * ```ts
 * foldVietnamese('  Nguyễn  Văn Đức '); // 'nguyen van duc'
 * ```
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .trim();
}
