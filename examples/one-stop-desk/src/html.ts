/** Escape text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** `dd/mm/yyyy hh:mm` of an instant with a +07:00 offset (or `dd/mm/yyyy` of a local date). */
export function viDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  return iso.length > 10 ? `${iso.slice(11, 13)} giờ ${iso.slice(14, 16)} phút, ngày ${date}` : date;
}

/** `dd/mm/yyyy` of a local date or instant. */
export function viDate(iso: string | undefined): string {
  return iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '—';
}
