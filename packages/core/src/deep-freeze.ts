/**
 * Freeze a value and everything it holds (frozen procedures, stored events).
 *
 * @example deepFreeze({ a: [1] }).a.push(2); // TypeError: object is not extensible
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
