// Front-ends: each dialect case reads as its plain equivalent; refusals name the place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dialect, InputError } from '../../../../src/core/api';
import { differentiate } from '../../../../src/core';
import { parse } from '../../../../src/core/dialects';
import { parsePlain, printPlain } from '../../../../src/core/dialects/plain';
import { agreeNumerically, readJsonLines } from '../../../support/numeric';

interface Case { id: string; lang: Dialect; expr: string; plain?: string; context?: string; error?: boolean; offset?: number }
const cases = readJsonLines<Case>(readFileSync('test/corpus/dialects.jsonl', 'utf8'));

for (const c of cases) {
  if (c.error) {
    test(`refuses ${c.id}: ${JSON.stringify(c.expr)}`, () => {
      assert.throws(() => parse(c.expr, c.lang, c.context ?? ''), (e: unknown) => {
        assert.ok(e instanceof InputError, `not an InputError: ${e}`);
        assert.ok(e.message.length > 10, 'the message says what is wrong');
        if (c.offset !== undefined) {
          assert.equal(e.offset, c.offset, e.message);
          assert.match(e.message, new RegExp(`column ${c.offset + 1}\\)$`));
        }
        return true;
      });
    });
  } else {
    test(`reads ${c.id}: ${c.expr}`, () => {
      const parsed = parse(c.expr, c.lang, c.context ?? '');
      const a = agreeNumerically(parsed.expr, parsePlain(c.plain!), 5);
      assert.ok(a.agree, a.detail);
    });
  }
}

test('plain math reads functions as people type them, as LaTeX reads \\sin x: sin x, sin^2(x), sin^-1 x, log_2 x, sinx', () => {
  const plain = (s: string) => printPlain(parse(s, 'plain').expr);
  assert.equal(plain('sin x'), 'sin(x)');
  assert.equal(plain('sin 2x'), 'sin(2*x)');
  assert.equal(plain('sin x^2'), 'sin(x^2)');
  assert.equal(plain('sin x cos x'), 'cos(x)*sin(x)');
  assert.equal(plain('x ln x - x'), 'x*log(x) - x');
  assert.equal(plain('e^x sin x'), 'sin(x)*exp(x)');
  assert.equal(plain('sin -x'), '-sin(x)');
  assert.equal(plain('sin x/2'), 'sin(x)/2');
  assert.equal(plain('sin^2(x) + cos^2 x'), 'cos(x)^2 + sin(x)^2');
  assert.equal(plain('sin²x'), 'sin(x)^2');
  assert.equal(plain('tan^-1(x)'), 'atan(x)');
  assert.equal(plain('cos^(-1) x'), 'acos(x)');
  assert.equal(plain('log_2(x)'), 'log(x, 2)');
  assert.equal(plain('log_10 x'), 'log(x, 10)');
  assert.equal(plain('sinx + lnx'), 'log(x) + sin(x)');
  assert.equal(plain('sinhx'), 'sinh(x)');
  // a function with no argument, or a sign spaced from what follows, is refused where it stands
  assert.throws(() => parse('sin', 'plain'), /'sin' needs its argument in parentheses: sin\(…\) \(column 4\)/);
  assert.throws(() => parse('sin + 1', 'plain'), /'sin' needs its argument in parentheses: sin\(…\) \(column 5\)/);
  assert.throws(() => parse('sin^2', 'plain'), /'sin' is missing its argument/);
  // MatrixCalculus.org's notation calls functions with parentheses only
  assert.throws(() => parse('sin x', 'matrix' as never), /needs its argument in parentheses/);
});

test('plain math reads |u| as the absolute value and writes it back so', () => {
  const plain = (s: string) => printPlain(parse(s, 'plain').expr);
  assert.equal(plain('|x|^3'), 'abs(x)^3');
  assert.equal(plain('x|y|'), 'x*abs(y)');
  assert.equal(plain('|x|(x + 1)'), 'abs(x)*(x + 1)');
  assert.equal(plain('||x| - 1|'), 'abs(abs(x) - 1)');
  assert.equal(plain('|x|*|y - x|'), 'abs(x - y)*abs(x)');
  assert.equal(plain('sin |x|'), 'sin(abs(x))');
  assert.equal(plain('e^|x|'), 'exp(abs(x))');
  assert.throws(() => parse('|x + 1', 'plain'), /missing closing '\|' for the one at column 1/);
  // bars in MatrixCalculus.org's notation would be a norm or a determinant: refused with the names to write
  assert.throws(() => parse('||x||^2', 'matrix' as never), /write abs\(x\) for absolute values, norm2\(x\) for a norm/);
  const result = differentiate('x^2 |x - 1|', { dialect: 'plain', wrt: 'x' });
  assert.equal(result.result, 'x*(x*sign(x - 1) + 2*|x - 1|)');
  assert.equal(result.plain, 'x*(x*sign(x - 1) + 2*abs(x - 1))');
});

test('names are whole words; implicit multiplication never splits them', () => {
  const e = parse('2sigma mu + w1 x_0', 'plain').expr;
  const names = new Set<string>();
  const walk = (x: typeof e): void => { if (x.kind === 'sym') names.add(x.name); for (const k of 'terms' in x ? x.terms : 'factors' in x ? x.factors : 'base' in x ? [x.base, x.exp] : 'args' in x ? x.args : []) walk(k); };
  walk(e);
  assert.deepEqual([...names].sort(), ['mu', 'sigma', 'w1', 'x_0']);
  const latex = parse('\\sigma_{1} x_{0} + \\theta', 'latex').expr;
  assert.equal(latex.kind, 'add');
  assert.match(latex.key, /sigma_1/);
  assert.match(latex.key, /x_0/);
});

test('ambiguous input is refused with a column', () => {
  assert.throws(() => parse('1/2x', 'plain'), /ambiguous.*column 4/);
  assert.throws(() => parse('-x ** 2', 'javascript'), /unary operator directly before \*\*/);
  assert.throws(() => parse('x(x+1)', 'plain'), /unknown function 'x'.*column 1/);
});

test('python module aliases come from the document', () => {
  const p = parse('xp.exp(x) + sin(x)', 'python', 'import numpy as xp\nfrom math import *\n');
  assert.equal(p.style.dialect, 'python');
  assert.throws(() => parse('cp.exp(x)', 'python', 'import numpy as np'), /unknown module 'cp'/);
});
