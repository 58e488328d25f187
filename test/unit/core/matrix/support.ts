// Helpers for the matrix tests: read the corpus, evaluate two formulas at the same random inputs.
import { readFileSync } from 'node:fs';
import { MatrixDialect, MatrixVar } from '../../../../src/core/matrix/api';
import { read } from '../../../../src/core/dialects';
import { declarationsFrom } from '../../../../src/core/matrix/annotations';
import { MSym } from '../../../../src/core/matrix/expr';
import { evaluate } from '../../../../src/core/matrix/numeric';
import { typecheck } from '../../../../src/core/matrix/typecheck';
import { dimNamesOf, randomEnv } from '../../../../src/core/matrix/verify';

export interface MatrixCase {
  id: string; category: string; source: string;
  vars: Record<string, MatrixVar>; wrt: string; order: number; positive?: boolean;
  matrix: string; python: string; matlab: string; julia: string; latex: string;
  expected: string;
}

export function readCorpus(): MatrixCase[] {
  return readFileSync('test/corpus/matrix.jsonl', 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as MatrixCase);
}

/** Reads a formula written in a dialect with the declared shapes. */
export function formula(text: string, dialect: MatrixDialect, vars: Record<string, MatrixVar>) {
  const decls = declarationsFrom(vars);
  return typecheck(read(text, dialect).syn, decls, { matrixPower: dialect !== 'python' && dialect !== 'matrix' }).expr;
}

/** Largest relative difference between two formulas over random inputs (NaN points skipped). */
export function maxDifference(a: ReturnType<typeof formula>, b: ReturnType<typeof formula>, vars: Record<string, MatrixVar>, positive = false, seed = 7): { worst: number; points: number; detail?: string } {
  const decls = declarationsFrom(vars);
  const symbols: MSym[] = [...decls.entries()].map(([name, d]) => ({ kind: 'sym', name, shape: d.shape.length === 2 && d.shape[1] === 1 ? [d.shape[0]] : d.shape, symmetric: Boolean(d.symmetric), key: name }));
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  let worst = 0, points = 0;
  for (let attempt = 0; attempt < 30 && points < 5; attempt++) {
    const env = randomEnv(symbols, dimNamesOf(symbols, [a, b]), rand, positive || attempt % 2 === 1);
    const x = evaluate(a, env), y = evaluate(b, env);
    if (![...x.d, ...y.d].every(Number.isFinite)) continue;
    if (x.d.length !== y.d.length) return { worst: Infinity, points, detail: `sizes ${x.r}×${x.c} and ${y.r}×${y.c}` };
    let err = 0, scale = 1e-9;
    for (let i = 0; i < x.d.length; i++) { err = Math.max(err, Math.abs(x.d[i] - y.d[i])); scale = Math.max(scale, Math.abs(x.d[i]), Math.abs(y.d[i])); }
    worst = Math.max(worst, err / scale);
    points++;
  }
  return { worst, points };
}
