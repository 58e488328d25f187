// The warnings channel: readers note doubtful readings, parse collects them per selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectWarnings, warn } from '../../../../src/core/dialects/warnings';
import { parse } from '../../../../src/core/dialects';
import { differentiate } from '../../../../src/core';

test('warn is collected once per message, and only by the innermost collector', () => {
  const outer = collectWarnings(() => {
    warn('a');
    const inner = collectWarnings(() => { warn('b'); warn('b'); return 1; });
    assert.deepEqual(inner, { value: 1, warnings: ['b'] });
    warn('a');
    return 2;
  });
  assert.deepEqual(outer, { value: 2, warnings: ['a'] });
  warn('nobody listens'); // no collector: no effect, no error
});

test('a collector is restored when the work throws', () => {
  const outer = collectWarnings(() => {
    assert.throws(() => collectWarnings(() => { warn('lost'); throw new Error('bad input'); }));
    warn('kept');
  });
  assert.deepEqual(outer.warnings, ['kept']);
});

test('parse has no warnings field when the reading is unambiguous', () => {
  assert.equal('warnings' in parse('x**2', 'python'), false);
});

test('differentiating by a name the expression lacks says so; by e, that e is Euler\'s number', () => {
  assert.deepEqual(differentiate('x*e^x', { dialect: 'plain', wrt: 'e' }).warnings, ["`e` is read as Euler's number, a constant, so the derivative by e is 0; name the variable otherwise"]);
  assert.deepEqual(differentiate('x^2', { dialect: 'plain', wrt: 'y' }).warnings, ['the expression does not contain y, so its derivative by y is 0']);
  // named as the request writes it, not as the engine names it (sigma)
  assert.deepEqual(differentiate('x^2', { dialect: 'julia', wrt: 'σ' }).warnings, ['the expression does not contain σ, so its derivative by σ is 0']);
  assert.equal(differentiate('x*y', { dialect: 'plain', wrt: 'x' }).warnings, undefined);
  assert.equal(differentiate('2', { dialect: 'plain' }).warnings, undefined);
});
