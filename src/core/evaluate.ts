// Numeric evaluation of a tree in real double precision (NaN outside the real domain).
import { Expr } from './expr';
import { FUNCTIONS } from './functions';

export type Compiled = (values: Float64Array) => number;

/** Compiles `e` into a closure over the variables in `names` (by position). */
export function compile(e: Expr, names: readonly string[]): Compiled {
  const index = new Map(names.map((n, i) => [n, i]));
  const build = (x: Expr): Compiled => {
    switch (x.kind) {
      case 'num': { const v = x.value.toNumber(); return () => v; }
      case 'const': { const v = x.name === 'pi' ? Math.PI : Math.E; return () => v; }
      case 'sym': {
        const i = index.get(x.name);
        if (i === undefined) throw new Error(`no value for ${x.name}`);
        return (vs) => vs[i];
      }
      case 'add': return sum(x.terms.map(build));
      case 'mul': return product(x.factors.map(build));
      case 'pow': {
        const b = build(x.base);
        if (x.base.kind === 'const' && x.base.name === 'e') { const ex = build(x.exp); return (vs) => Math.exp(ex(vs)); }
        if (x.exp.kind === 'num') {
          const r = x.exp.value;
          const k = r.toNumber();
          // odd roots of negative numbers are real: (-8)^(1/3) = -2
          if (!r.isInteger && r.den % 2n === 1n) {
            const odd = r.num % 2n !== 0n;
            return (vs) => { const v = b(vs); return v < 0 ? (odd ? -1 : 1) * Math.pow(-v, k) : Math.pow(v, k); };
          }
          if (k === 2) return (vs) => { const v = b(vs); return v * v; };
          return (vs) => Math.pow(b(vs), k);
        }
        const ex = build(x.exp);
        return (vs) => Math.pow(b(vs), ex(vs));
      }
      case 'call': {
        const f = FUNCTIONS.get(x.fn)!.evaluate;
        const as = x.args.map(build);
        if (as.length === 1) { const a = as[0]; return (vs) => f(a(vs)); }
        return (vs) => f(...as.map((a) => a(vs)));
      }
    }
  };
  return build(e);
}

// Sums and products of two or three operands (most of them) get a closure without a loop: the numeric
// check evaluates each tree some 200 times. Operands are combined left to right, as the loop would.
function sum(ts: Compiled[]): Compiled {
  if (ts.length === 2) { const [a, b] = ts; return (vs) => a(vs) + b(vs); }
  if (ts.length === 3) { const [a, b, c] = ts; return (vs) => a(vs) + b(vs) + c(vs); }
  return (vs) => { let s = 0; for (const t of ts) s += t(vs); return s; };
}

function product(fs: Compiled[]): Compiled {
  if (fs.length === 2) { const [a, b] = fs; return (vs) => a(vs) * b(vs); }
  if (fs.length === 3) { const [a, b, c] = fs; return (vs) => a(vs) * b(vs) * c(vs); }
  return (vs) => { let p = 1; for (const f of fs) p *= f(vs); return p; };
}
