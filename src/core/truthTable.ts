// Conditions read back from a truth table: a sum of masked terms (c₁·c₂·a + c₁·¬c₂·b + ¬c₁·b, the
// derivative of where(c₁ & c₂, …)) or of indicators (c₁ + c₂ − c₁·c₂, an or) is a function of a few
// comparisons; the rows where it takes one value are written as one conjunction of comparisons or a
// disjunction of them, as people write conditions. Shared by the scalar and the matrix printers.

/** Comparisons beyond this many are not tabulated (2^n rows). */
export const MAX_ATOMS = 3;

/** A comparison by its index among the table's atoms, as it is (positive) or its complement. */
export type Literal = readonly [atom: number, positive: boolean];

/** Whether the literal holds on a row (bit i of the row is atom i). */
export function holds(row: number, [atom, positive]: Literal): boolean {
  return ((row >> atom) & 1) === (positive ? 1 : 0);
}

/**
 * The rows where `set` holds (one entry per row of `atoms` comparisons) as conditions: one conjunction of
 * literals, and, where the rows where it fails are a conjunction of two or more, the disjunction of their
 * complements (c₁ | c₂). Each form is a disjunction of conjunctions; none when the set is neither.
 */
export function conditionForms(set: readonly boolean[], atoms: number): Literal[][][] {
  const forms: Literal[][][] = [];
  const and = conjunction(set, atoms);
  if (and) forms.push([and]);
  const fails = conjunction(set.map((v) => !v), atoms);
  if (fails && fails.length > 1) forms.push(fails.map(([i, positive]): Literal[] => [[i, !positive]]));
  return forms;
}

/** The literals true on every row where `set` holds, when they hold there and only there. */
function conjunction(set: readonly boolean[], atoms: number): Literal[] | undefined {
  const fixed: Literal[] = [];
  for (let i = 0; i < atoms; i++) {
    const on = set.map((v, row) => (v ? (row >> i) & 1 : -1)).filter((b) => b >= 0);
    if (on.every((b) => b === 1)) fixed.push([i, true]);
    else if (on.every((b) => b === 0)) fixed.push([i, false]);
  }
  const covers = set.every((v, row) => v === fixed.every((l) => holds(row, l)));
  return covers && fixed.length > 0 ? fixed : undefined;
}
