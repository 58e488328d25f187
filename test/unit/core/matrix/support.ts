// Helpers for the matrix tests: read the corpus, evaluate two formulas at the same random inputs, run
// printed results in a Python library against that library's own derivative of the source.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MatrixDialect, MatrixVar, typecheckOptions } from '../../../../src/core/matrix/api';
import { read } from '../../../../src/core/dialects';
import { declarationsFrom } from '../../../../src/core/matrix/annotations';
import { MSym } from '../../../../src/core/matrix/expr';
import { evaluate, Value } from '../../../../src/core/matrix/numeric';
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
  return typecheck(read(text, dialect).syn, decls, typecheckOptions(dialect, undefined)).expr;
}

/** Largest relative difference between two formulas over random inputs (NaN points skipped). */
export function maxDifference(a: ReturnType<typeof formula>, b: ReturnType<typeof formula>, vars: Record<string, MatrixVar>, positive = false, seed = 7): { worst: number; points: number; detail?: string } {
  const decls = declarationsFrom(vars);
  const symbols: MSym[] = [...decls.entries()].map(([name, d]) => ({ kind: 'sym', name, shape: d.shape.length === 2 && d.shape[1] === 1 ? [d.shape[0]] : d.shape, symmetric: Boolean(d.symmetric), key: name }));
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  let worst = 0, points = 0;
  for (let attempt = 0; attempt < 30 && points < 5; attempt++) {
    const env = randomEnv(symbols, dimNamesOf(symbols, [a, b]), rand, positive || attempt % 2 === 1 ? 'positive' : 'signed');
    // a dimension's name in a printed result is its size (LaTeX writes a count of entries as n)
    for (const [d, size] of env.dims) if (!env.vars.has(d)) (env.vars as Map<string, Value>).set(d, { r: 1, c: 1, d: Float64Array.of(size) });
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

/** How one Python library draws inputs and differentiates a source, as lines of Python (see judgedInPython). */
export interface PythonJudge {
  /** Imports and seeds. */
  readonly preamble: readonly string[];
  /** The names `eval` sees, a dict literal. */
  readonly env: string;
  /** The value of a variable from `name` and `shape`. */
  readonly draw: string;
  /** Lines (in the loop, indented 4) that set `reference` from `f` (the source as a function of the variable) and `x0`. */
  readonly reference: readonly string[];
  /** The largest |entry| of an array `a`, as a float. */
  readonly maxAbs: (a: string) => string;
  /** The printed result's value as an array (numpy: np.asarray(…, dtype=float)); as it is by default. */
  readonly asArray?: (value: string) => string;
}

/**
 * Each case's printed `result` run by the library against its own derivative of `source`, at drawn inputs;
 * the failures as "source d/dwrt: result differs by e" (none when every relative difference is below `tolerance`).
 */
export function judgedInPython(python: string, judge: PythonJudge, cases: readonly { source: string; wrt: string; vars: Record<string, MatrixVar>; result: string }[], sizes: Readonly<Record<string, number>>, tolerance: number): string[] {
  const script = [
    'import json',
    ...judge.preamble,
    `cases = json.loads(${JSON.stringify(JSON.stringify(cases))})`,
    `sizes = json.loads(${JSON.stringify(JSON.stringify(sizes))})`,
    'for k, c in enumerate(cases):',
    `    env = ${judge.env}`,
    '    for name, var in c["vars"].items():',
    '        shape = tuple(sizes[s] for s in var["shape"])',
    `        env[name] = ${judge.draw}`,
    '    x0 = env[c["wrt"]]',
    '    f = lambda value: eval(c["source"], {**env, c["wrt"]: value})',
    ...judge.reference.map((line) => `    ${line}`),
    `    printed = ${(judge.asArray ?? ((v: string) => v))('eval(c["result"], env)')}`,
    `    err = float("inf") if tuple(printed.shape) != tuple(reference.shape) else ${judge.maxAbs('printed - reference')} / max(1.0, ${judge.maxAbs('reference')})`,
    '    print(f"@{k} {err!r}")',
  ].join('\n');
  const out = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  if (out.status !== 0) return [`the script failed: ${out.stderr.slice(-2000)}`];
  const lines = out.stdout.split('\n').filter((l) => l.startsWith('@'));
  if (lines.length !== cases.length) return [`${lines.length} of ${cases.length} cases judged`];
  return lines.map((l) => l.slice(1).split(' ')).filter(([, err]) => !(Number(err) < tolerance))
    .map(([k, err]) => `${cases[Number(k)].source} d/d${cases[Number(k)].wrt}: ${cases[Number(k)].result} differs by ${err}`);
}
