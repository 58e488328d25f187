// Type guards the panel's message validators share (panelMessages.ts, calculusMessages.ts): no
// vscode import, no DOM.

export type Guard<T> = (value: unknown) => value is T;

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isString: Guard<string> = (value): value is string => typeof value === 'string';
export const isNumber: Guard<number> = (value): value is number => typeof value === 'number' && Number.isFinite(value);
export const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === 'boolean';
export const isCount = (value: unknown): value is number => isNumber(value) && Number.isInteger(value) && value >= 0;
export const arrayOf =
  <T>(guard: Guard<T>): Guard<T[]> =>
  (value): value is T[] =>
    Array.isArray(value) && value.every(guard);

/** Checks that `value` has every listed field with the right type (optional fields may be missing). */
export function shape(value: unknown, fields: Record<string, (value: unknown) => boolean>, optional: Record<string, (value: unknown) => boolean> = {}): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  for (const [key, guard] of Object.entries(fields)) if (!guard(value[key])) return false;
  for (const [key, guard] of Object.entries(optional)) if (value[key] !== undefined && !guard(value[key])) return false;
  return true;
}

/** A numeric check as the host sends it to the webview (panel and calculus sections alike). */
export const isCheck = (value: unknown): boolean =>
  shape(value, { verified: isBoolean, method: isString, points: isCount, maxRelError: isNumber }, { reason: isString });
