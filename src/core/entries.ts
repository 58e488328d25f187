// Entries of a vector written with a whole-number index (x[0] in Python, JavaScript and C; x[1] in Julia;
// x(1) in MATLAB) are scalar symbols named as written. The derivative by the vector itself is the vector
// of partial derivatives by its entries (the gradient, and for the second order the Hessian), as
// scipy.optimize's jac= and hess= take them.
import { InputError } from './api';

/** How a notation writes an entry: its brackets and where it counts from. */
export interface EntryNotation { open: '[' | '('; close: ']' | ')'; first: 0 | 1 }

export const ZERO_BASED: EntryNotation = { open: '[', close: ']', first: 0 };
export const JULIA_ENTRIES: EntryNotation = { open: '[', close: ']', first: 1 };
export const MATLAB_ENTRIES: EntryNotation = { open: '(', close: ')', first: 1 };

/** The symbol of entry `index` of `vector`, as the notation writes it: x[0], x(1). */
export function entryName(vector: string, index: number, notation: EntryNotation): string {
  return `${vector}${notation.open}${index}${notation.close}`;
}

const ENTRY = /^([A-Za-z_][A-Za-z0-9_]*)[[(](\d+)[\])]$/;

/** The vector and index of an entry's symbol (x[0] → x, 0); undefined for other names. */
export function entryOf(name: string): { vector: string; index: number } | undefined {
  const m = ENTRY.exec(name);
  return m ? { vector: m[1], index: Number(m[2]) } : undefined;
}

/** Entries of `vector` among the free symbols, by index. */
export function entriesOf(vector: string, free: readonly string[]): { name: string; index: number }[] {
  return free.flatMap((name) => {
    const e = entryOf(name);
    return e && e.vector === vector ? [{ name, index: e.index }] : [];
  }).sort((a, b) => a.index - b.index);
}

/** The vectors whose entries are among the symbols and which are not symbols themselves (x for x[0], x[1]). */
export function entryVectors(symbols: readonly string[]): Set<string> {
  return new Set(symbols.flatMap((n) => entryOf(n)?.vector ?? []).filter((v) => !symbols.includes(v)));
}

/** The one vector all the free symbols are entries of (x[0], x[1] → x), when there is one. */
export function soleVector(free: readonly string[]): string | undefined {
  const vectors = new Set(free.map((n) => entryOf(n)?.vector));
  const [only] = vectors;
  return vectors.size === 1 && only !== undefined ? only : undefined;
}

/** The largest index a selection may write: a gradient has one entry per index from the first. */
export const MAX_ENTRY_INDEX = 64;

/**
 * The symbol of `vector` indexed by `index` as written (x[0]): a whole number from the notation's first
 * index. Refused otherwise, saying why (a negative index counts from an end the selection does not give).
 */
export function entrySymbol(vector: string, index: string, notation: EntryNotation, at: number): string {
  const written = `${vector}${notation.open}${index}${notation.close}`;
  const value = /^\d+$/.test(index) ? Number(index) : NaN;
  if (/^-\s*\d+$/.test(index)) throw new InputError(`${written} counts from the end of ${vector}, whose length the selection does not give: index from the start`, at);
  if (!Number.isInteger(value)) throw new InputError(`${written}: only entries at a whole-number index are read (computed indices are not supported)`, at);
  if (value < notation.first) throw new InputError(`${written}: indices start at ${notation.first} here`, at);
  if (value > MAX_ENTRY_INDEX) throw new InputError(`${written}: indices above ${MAX_ENTRY_INDEX} are not supported`, at);
  return entryName(vector, value, notation);
}
