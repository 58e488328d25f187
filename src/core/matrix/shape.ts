// Shapes with symbolic dimensions. A shape lists its dimensions: [] is a scalar, [n] a column vector,
// [1, n] a row vector, [m, n] a matrix. A dimension is a name (`n`) or a number (`3`).

export type Dim = string | number;
export type Shape = readonly Dim[];

export const SCALAR: Shape = [];

export const isScalar = (s: Shape) => s.length === 0;
export const isRow = (s: Shape) => s.length === 2 && s[0] === 1;
export const isMatrix = (s: Shape) => s.length === 2 && s[0] !== 1;

/** Rows, treating a column vector as n×1 and a scalar as 1×1. */
export function rows(s: Shape): Dim { return s.length === 0 ? 1 : s[0]; }
/** Columns, treating a column vector as n×1 and a scalar as 1×1. */
export function cols(s: Shape): Dim { return s.length === 2 ? s[1] : 1; }

/** The shape of an r×c array, normalized: 1×1 is a scalar, n×1 a column vector. */
export function shape2(r: Dim, c: Dim): Shape {
  if (c === 1) return r === 1 ? SCALAR : [r];
  return [r, c];
}

export function transposeShape(s: Shape): Shape { return s.length === 0 ? s : shape2(cols(s), rows(s)); }

export function sameShape(a: Shape, b: Shape): boolean { return a.length === b.length && a.every((d, i) => d === b[i]); }

/** The dimensions that carry an index in index notation (a row vector has one). */
export function indexDims(s: Shape): Dim[] { return s.filter((d, i) => !(d === 1 && s.length === 2 && i === 0)); }

/** `scalar`, `n`, `1×n`, `m×n`, `(n-1)×n`. */
export function shapeText(s: Shape): string {
  return s.length === 0 ? 'scalar' : s.map((d) => (s.length === 2 && splitShortened(d)[1] > 0 ? `(${d})` : String(d))).join('×');
}

/** A dimension `k` shorter: a slice's length (x[1:] has n-1 entries); a number stays a number. */
export function shortened(d: Dim, k: number): Dim {
  if (k === 0) return d;
  if (typeof d === 'number') return d - k;
  const [base, dropped] = splitShortened(d);
  return `${base}-${dropped + k}`;
}

/** A dimension's base and how many entries fewer it has: `n-1` → ['n', 1], `n` → ['n', 0]. */
export function splitShortened(d: Dim): [Dim, number] {
  const m = typeof d === 'string' ? /^(.+)-(\d+)$/.exec(d) : null;
  return m ? [m[1], Number(m[2])] : [d, 0];
}
