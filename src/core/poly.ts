// Sparse polynomials over atoms (symbols, calls, e^u, powers that are not polynomial) with rational
// exponents and exact coefficients: the arithmetic shared by collecting a sum (collect.ts) and
// writing one in powers of a linear form (shift.ts). Operations build new polynomials; a polynomial
// past the caller's size limit throws TOO_LARGE.
import { add, Expr, mul, num, pow } from './expr';
import { checkDeadline } from './budget';
import { Rational } from './rational';

/** A product of atoms with rational exponents, times a number. */
export interface Monomial { readonly coeff: Rational; readonly atoms: ReadonlyMap<string, readonly [Expr, Rational]> }
export type Poly = Map<string, Monomial>;

export class TooLarge extends Error {}
/** The one instance thrown: a form too large is common in a search, and an Error built per throw records a stack each time. */
export const TOO_LARGE = new TooLarge();

export function monomialKey(atoms: ReadonlyMap<string, readonly [Expr, Rational]>): string {
  return [...atoms.keys()].sort().map((k) => `${k}^${atoms.get(k)![1].toString()}`).join('·');
}

export function constant(c: Rational): Poly {
  return c.isZero ? new Map() : new Map([['', { coeff: c, atoms: new Map() }]]);
}

export function atom(base: Expr, k: Rational): Poly {
  const atoms = new Map([[base.key, [base, k] as const]]);
  return new Map([[monomialKey(atoms), { coeff: Rational.ONE, atoms }]]);
}

export function addInto(out: Poly, m: Monomial): void {
  const key = monomialKey(m.atoms);
  const prev = out.get(key);
  if (!prev) { out.set(key, m); return; }
  const coeff = prev.coeff.add(m.coeff);
  if (coeff.isZero) out.delete(key);
  else out.set(key, { coeff, atoms: prev.atoms });
}

/** The sum; past `maxMonomials` monomials, TOO_LARGE. */
export function polySum(polys: readonly Poly[], maxMonomials = Infinity): Poly {
  const out: Poly = new Map();
  for (const p of polys) for (const m of p.values()) addInto(out, m);
  if (out.size > maxMonomials) throw TOO_LARGE;
  return out;
}

/** The product; past `maxMonomials` monomials (or four times that many pairs to multiply), TOO_LARGE. */
export function polyProduct(a: Poly, b: Poly, maxMonomials: number): Poly {
  if (a.size * b.size > maxMonomials * 4) throw TOO_LARGE;
  const out: Poly = new Map();
  for (const m of a.values()) {
    checkDeadline();
    for (const n of b.values()) {
      const atoms = new Map(m.atoms);
      for (const [k, [base, x]] of n.atoms) {
        const prev = atoms.get(k);
        const sum = prev ? prev[1].add(x) : x;
        if (sum.isZero) atoms.delete(k);
        else atoms.set(k, [base, sum]);
      }
      addInto(out, { coeff: m.coeff.mul(n.coeff), atoms });
    }
  }
  if (out.size > maxMonomials) throw TOO_LARGE;
  return out;
}

export function polyPower(p: Poly, k: number, maxMonomials: number): Poly {
  let out = constant(Rational.ONE);
  for (let i = 0; i < k; i++) out = polyProduct(out, p, maxMonomials);
  return out;
}

export function monomialExpr(m: Monomial): Expr {
  return mul(num(m.coeff), ...[...m.atoms.values()].map(([b, k]) => pow(b, num(k))));
}

export function polyExpr(p: Poly): Expr { return add(...[...p.values()].map(monomialExpr)); }
