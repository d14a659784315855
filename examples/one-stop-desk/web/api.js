// @ts-check
/** A failed API call: the HTTP status and the server's error body (`MotcuaError.toJSON()`). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{ code?: string, message?: string, issues?: { path: (string|number)[], message: string }[], allowed?: string[] }} error
   */
  constructor(status, error) {
    super(error.message ?? `HTTP ${status}`);
    this.status = status;
    this.error = error;
  }
}

/**
 * Call the desk API with JSON in and out; throws {@link ApiError} on a non-2xx answer.
 * @param {string} url
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [o]
 */
export async function api(url, o = {}) {
  const res = await fetch(url, {
    method: o.method ?? 'GET',
    headers: { Accept: 'application/json', ...(o.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(o.headers ?? {}) },
    ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.error ?? {});
  return data;
}
