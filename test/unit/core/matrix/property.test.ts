// Property tests over random matrix expressions (seeded; inverses and log-determinants of
// well-conditioned matrices, so that the numbers mean something): every derivative, gradient, Jacobian,
// Hessian or tensor is verified numerically, and every matrix-form result printed in each dialect
// reads back to the same function.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiateMatrix, MATRIX_DIALECTS, MatrixVar } from '../../../../src/core/matrix/api';
import { printIn } from '../../../../src/core/matrix/print';
import { formula, maxDifference } from './support';

type Kind = 'v' | 'M' | 's';

/** Random expressions over x, y (vectors), A, B, X (matrices, X symmetric) and c (a scalar). */
function generator(seed: number) {
  let s = seed >>> 0;
  const rand = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const gen = (kind: Kind, depth: number): string => {
    const g = raw(kind, depth);
    return /^[A-Za-z]+$/.test(g) ? g : `(${g})`;
  };
  const raw = (kind: Kind, depth: number): string => {
    if (depth <= 0 || rand() < 0.25) return kind === 'v' ? pick(['x', 'y']) : kind === 'M' ? pick(['A', 'B', 'X']) : pick(['c', "x'*y", 'tr(A)']);
    const d = depth - 1;
    const options: Record<Kind, (() => string)[]> = {
      v: [
        () => `${gen('M', d)}*${gen('v', d)}`, () => `${gen('v', d)} + ${gen('v', d)}`, () => `${gen('s', d)}*${gen('v', d)}`,
        () => `${gen('v', d)}.*${gen('v', d)}`, () => `exp(${gen('v', d)})`, () => `tanh(${gen('v', d)})`, () => `sin(${gen('v', d)})`,
        () => `${gen('M', d)}'*${gen('v', d)}`, () => `${gen('v', d)} - ${gen('v', d)}`, () => `diag(${gen('M', d)})`,
      ],
      M: [
        () => `${gen('M', d)}*${gen('M', d)}`, () => `${gen('M', d)} + ${gen('M', d)}`, () => `${gen('M', d)}'`, () => `inv(${pick(['A', 'B', 'X', 'A*B', 'X + A'])})`,
        () => `${gen('v', d)}*${gen('v', d)}'`, () => `diag(${gen('v', d)})`, () => `${gen('M', d)}.*${gen('M', d)}`, () => `${gen('s', d)}*${gen('M', d)}`,
      ],
      s: [
        () => `${gen('v', d)}'*${gen('v', d)}`, () => `tr(${gen('M', d)})`, () => `sum(${gen('v', d)})`, () => `norm2(${gen('v', d)})^2`,
        () => `${gen('v', d)}'*${gen('M', d)}*${gen('v', d)}`, () => `logdet(${pick(['A', 'B', 'X', 'A*X'])})`, () => `log(${gen('s', d)}^2 + 1)`,
        () => `${gen('s', d)} + ${gen('s', d)}`, () => `${gen('s', d)}*${gen('s', d)}`, () => `sum(exp(${gen('v', d)}))`, () => `tr(${gen('M', d)}'*${gen('M', d)})`,
      ],
    };
    return pick(options[kind])();
  };
  return { gen, pick };
}

const vars: Record<string, MatrixVar> = {
  x: { shape: ['n'] }, y: { shape: ['n'] }, A: { shape: ['n', 'n'] }, B: { shape: ['n', 'n'] },
  X: { shape: ['n', 'n'], props: ['symmetric'] }, c: { shape: [] },
};

test('random expressions: every derivative is verified, every printed result reads back', () => {
  const { gen, pick } = generator(20260527);
  let runs = 0, tensors = 0;
  for (let i = 0; i < 120; i++) {
    const kind = pick(['s', 's', 's', 'v'] as const);
    const source = gen(kind, 3);
    for (const wrt of ['x', 'A', 'X', 'c']) {
      if (!new RegExp(`\\b${wrt}\\b`).test(source)) continue;
      for (const order of kind === 's' && wrt === 'x' ? [1, 2] : [1]) {
        const r = differentiateMatrix(source, { dialect: 'matrix', wrt, order, vars, explain: false });
        runs++;
        // a point where an inverse or log-determinant of a random sum is undefined may be rare enough to skip
        assert.ok(r.verified || /too few/.test(r.verification.reason ?? ''), `d^${order}/d${wrt} ${source} = ${r.result}: ${r.verification.reason}`);
        if (r.kind === 'tensor') { tensors++; continue; }
        if (/zeros/.test(r.matrix)) continue;
        const m = formula(r.matrix, 'matrix', vars);
        for (const dialect of MATRIX_DIALECTS) {
          const text = printIn(m, dialect);
          const back = maxDifference(formula(text, dialect, vars), m, vars);
          assert.ok(back.points < 3 || back.worst < 1e-9, `${r.matrix} printed in ${dialect} as ${text} reads back differently: ${back.worst}`);
        }
      }
    }
  }
  assert.ok(runs >= 100, `${runs} runs`);
  assert.ok(tensors > 0);
});
