// Front-ends: each dialect case reads as its plain equivalent; refusals name the place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dialect, InputError } from '../../../../src/core/api';
import { parse } from '../../../../src/core/dialects';
import { parsePlain } from '../../../../src/core/dialects/plain';
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

test('plain "sin x" is refused, never read as a symbol named sin', () => {
  assert.throws(() => parse('sin x', 'plain'), /needs its argument in parentheses.*column 5/);
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
