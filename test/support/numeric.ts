// Numeric comparison of two expressions at random points, for tests and benchmarks (independent of
// the engine's own verification, which compares against finite differences).
import { compile } from '../../src/core/evaluate';
import { Expr, symbolsOf } from '../../src/core/expr';

export interface Agreement { agree: boolean; points: number; worst: number; detail?: string }

export function agreeNumerically(a: Expr, b: Expr, seed = 1, wanted = 8): Agreement {
  const names = [...new Set([...symbolsOf(a), ...symbolsOf(b)])];
  const fa = compile(a, names), fb = compile(b, names);
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  let points = 0, worst = 0;
  for (let attempt = 0; attempt < 200 && points < wanted; attempt++) {
    const vs = new Float64Array(names.map(() => { const r = rand(); return r < 0.6 ? 0.15 + 2.5 * rand() : r < 0.9 ? -(0.15 + 2.5 * rand()) : 2.5 + 3 * rand(); }));
    const x = fa(vs), y = fb(vs);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    points++;
    const err = Math.abs(x - y) / Math.max(1, Math.abs(x), Math.abs(y));
    worst = Math.max(worst, err);
    if (err > 1e-7) return { agree: false, points, worst, detail: `at ${names.map((n, i) => `${n}=${vs[i]}`).join(', ')}: ${x} vs ${y}` };
  }
  return { agree: points >= 3, points, worst, detail: points < 3 ? 'too few points where both are defined' : undefined };
}

/** Reads a JSON Lines file into objects. */
export function readJsonLines<T>(text: string): T[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}
