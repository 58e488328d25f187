// Sparse polynomials over atoms (symbols, calls, e^u, powers that are not polynomial) with rational
// exponents and exact coefficients: the arithmetic shared by collecting a sum (collect.ts) and
// writing one in powers of a linear form (shift.ts). Operations build new polynomials; a polynomial
// past the caller's size limit throws TOO_LARGE.
//
// A monomial's atoms are kept sorted (by a hash of the atom's key, then the key), so a product's
// atoms are two sorted lists merged, and monomials are found by a numeric hash of their atoms and
// exponents: no key string is built per monomial.
import { add, Expr, mul, num, pow } from './expr';
import { checkDeadline } from './budget';
import { Rational } from './rational';

/** An atom to a rational power; `hash` covers both, `keyHash` the atom alone. */
export interface AtomPower { readonly key: string; readonly keyHash: number; readonly base: Expr; readonly exp: Rational; readonly hash: number }
/** A product of atoms (sorted by atomOrder) with rational exponents, times a number. */
export interface Monomial { readonly coeff: Rational; readonly atoms: readonly AtomPower[] }

export class TooLarge extends Error {}
/** The one instance thrown: a form too large is common in a search, and an Error built per throw records a stack each time. */
export const TOO_LARGE = new TooLarge();

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function powerHash(keyHash: number, exp: Rational): number {
  // Number() of a huge part is ±Infinity, which |0 makes 0: only the hash's spread suffers
  return Math.imul(keyHash ^ Math.imul(Number(exp.num) | 0, 0x9e3779b1), 0x85ebca6b) ^ (Number(exp.den) | 0);
}

export function atomPower(base: Expr, exp: Rational): AtomPower {
  const keyHash = stringHash(base.key);
  return { key: base.key, keyHash, base, exp, hash: powerHash(keyHash, exp) };
}

/** The same atom to another power. */
export function withExponent(a: AtomPower, exp: Rational): AtomPower {
  return { key: a.key, keyHash: a.keyHash, base: a.base, exp, hash: powerHash(a.keyHash, exp) };
}

/** The order of atoms within a monomial. */
export function atomOrder(a: AtomPower, b: AtomPower): number {
  if (a.keyHash !== b.keyHash) return a.keyHash < b.keyHash ? -1 : 1;
  return a.key === b.key ? 0 : a.key < b.key ? -1 : 1;
}

/** The exponent of the atom with key `key` in `atoms`, or undefined when absent. */
export function exponentOf(atoms: readonly AtomPower[], key: string): Rational | undefined {
  for (const a of atoms) if (a.key === key) return a.exp;
  return undefined;
}

/** A hash of atoms with their exponents, for finding equal lists of atoms (sameAtoms). */
export function atomsHash(atoms: readonly AtomPower[], length = atoms.length): number {
  let h = 0;
  for (let i = 0; i < length; i++) h = withAtomHash(h, atoms[i]);
  return h;
}

/** atomsHash of a list extended by `a`, from the list's hash (a product's atoms are hashed as they are merged). */
function withAtomHash(h: number, a: AtomPower): number { return (Math.imul(h, 0x01000193) + a.hash) | 0; }

/** Whether `a` is the first `length` atoms of `b`, with the same exponents. */
export function sameAtoms(a: readonly AtomPower[], b: readonly AtomPower[], length = b.length): boolean {
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const x = a[i], y = b[i];
    if (x.hash !== y.hash || x.key !== y.key || !x.exp.equals(y.exp)) return false;
  }
  return true;
}

interface Entry { coeff: Rational; readonly atoms: readonly AtomPower[]; readonly hash: number; next: Entry | undefined }

/** Monomials by their atoms: a hash table whose chains hold monomials of one hash (collisions are rare). */
export class Poly {
  private readonly table = new Map<number, Entry>();
  private entries: Entry[] = [];
  /** Entries whose coefficient became 0 are still in `entries` until the next `list()`. */
  private cancelled = false;
  private count = 0;

  get size(): number { return this.count; }

  /** Whether this is the constant 1. */
  isOne(): boolean {
    if (this.count !== 1) return false;
    const m = this.list()[0];
    return m.atoms.length === 0 && m.coeff.isOne;
  }

  /** The monomials, in the order first added. */
  list(): readonly Monomial[] {
    if (this.cancelled) {
      this.entries = this.entries.filter((e) => !e.coeff.isZero);
      this.cancelled = false;
    }
    return this.entries;
  }

  /** Adds coeff·atoms (atoms sorted by atomOrder). */
  add(coeff: Rational, atoms: readonly AtomPower[]): void { this.addHashed(coeff, atoms, atoms.length, atomsHash(atoms), false); }

  /** Adds coeff times the first `length` atoms of `atoms`, which is copied (when `copy`) only if it makes a new monomial. */
  private addHashed(coeff: Rational, atoms: readonly AtomPower[], length: number, hash: number, copy: boolean): void {
    const head = this.table.get(hash);
    let prev: Entry | undefined;
    for (let e = head; e; prev = e, e = e.next) {
      if (!sameAtoms(e.atoms, atoms, length)) continue;
      const sum = e.coeff.add(coeff);
      e.coeff = sum;
      if (sum.isZero) {
        if (prev) prev.next = e.next;
        else if (e.next) this.table.set(hash, e.next);
        else this.table.delete(hash);
        this.cancelled = true;
        this.count--;
      }
      return;
    }
    if (coeff.isZero) return;
    const entry: Entry = { coeff, atoms: copy ? atoms.slice(0, length) : atoms, hash, next: head };
    this.table.set(hash, entry);
    this.entries.push(entry);
    this.count++;
  }

  /** Adds a monomial of another polynomial. */
  addMonomial(m: Monomial): void {
    const hash = (m as Entry).hash;
    if (hash === undefined) this.add(m.coeff, m.atoms);
    else this.addHashed(m.coeff, m.atoms, m.atoms.length, hash, false);
  }

  /** Adds coeff times the first `length` atoms of the caller's buffer `atoms`, whose hash is `hash`. */
  addFromBuffer(coeff: Rational, atoms: readonly AtomPower[], length: number, hash: number): void {
    this.addHashed(coeff, atoms, length, hash, true);
  }
}

export function constant(c: Rational): Poly {
  const out = new Poly();
  out.add(c, []);
  return out;
}

export function atom(base: Expr, k: Rational): Poly {
  const out = new Poly();
  out.add(Rational.ONE, [atomPower(base, k)]);
  return out;
}

/** The sum; past `maxMonomials` monomials, TOO_LARGE. */
export function polySum(polys: readonly Poly[], maxMonomials = Infinity): Poly {
  const out = new Poly();
  for (const p of polys) for (const m of p.list()) out.addMonomial(m);
  if (out.size > maxMonomials) throw TOO_LARGE;
  return out;
}

/** A product's atoms are merged here before it is known whether they make a new monomial. */
const scratch: AtomPower[] = [];

/** The product; past `maxMonomials` monomials (or four times that many pairs to multiply), TOO_LARGE. */
export function polyProduct(a: Poly, b: Poly, maxMonomials: number): Poly {
  if (a.size * b.size > maxMonomials * 4) throw TOO_LARGE;
  // 1·b is b (polynomials are not changed once built): products and powers start from 1
  if (a.isOne() || b.isOne()) {
    checkDeadline();
    const other = a.isOne() ? b : a;
    if (other.size > maxMonomials) throw TOO_LARGE;
    return other;
  }
  const out = new Poly();
  const bs = b.list();
  for (const m of a.list()) {
    checkDeadline();
    const ma = m.atoms;
    for (const n of bs) {
      const na = n.atoms;
      let i = 0, j = 0, length = 0, hash = 0;
      while (i < ma.length || j < na.length) {
        let next: AtomPower;
        const order = i === ma.length ? 1 : j === na.length ? -1 : atomOrder(ma[i], na[j]);
        if (order < 0) next = ma[i++];
        else if (order > 0) next = na[j++];
        else {
          const sum = ma[i++].exp.add(na[j].exp);
          const y = na[j++];
          if (sum.isZero) continue;
          next = withExponent(y, sum);
        }
        scratch[length++] = next;
        hash = withAtomHash(hash, next);
      }
      out.addFromBuffer(m.coeff.mul(n.coeff), scratch, length, hash);
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

export function atomPowerExpr(a: AtomPower): Expr { return a.exp.isOne ? a.base : pow(a.base, num(a.exp)); }

/** The monomial as an expression, its coefficient printed as a decimal when `decimal` (and it terminates). */
export function monomialExpr(m: Monomial, decimal = false): Expr {
  const powers = m.atoms.map(atomPowerExpr);
  // a factor 1 changes nothing in a product
  return m.coeff.isOne && powers.length > 0 ? mul(...powers) : mul(num(m.coeff, decimal), ...powers);
}

export function polyExpr(p: Poly, decimal = false): Expr { return add(...p.list().map((m) => monomialExpr(m, decimal))); }
