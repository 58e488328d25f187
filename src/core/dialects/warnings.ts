// Readings a person may not have meant (`xy` read as x·y, `x^23` as x²·3) are answered with a visible
// warning. Readers call `warn` wherever they decide; `parse` collects what one selection produced.

let collecting: string[] | undefined;

/** Notes a reading the user may not have meant; a no-op when nobody collects. */
export function warn(message: string): void {
  if (collecting && !collecting.includes(message)) collecting.push(message);
}

/** Runs `work` and returns its value with the warnings issued meanwhile (nested calls keep their own). */
export function collectWarnings<T>(work: () => T): { value: T; warnings: string[] } {
  const saved = collecting;
  const warnings: string[] = [];
  collecting = warnings;
  try { return { value: work(), warnings }; } finally { collecting = saved; }
}
