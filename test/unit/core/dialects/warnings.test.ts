// The warnings channel: readers note doubtful readings, parse collects them per selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectWarnings, warn } from '../../../../src/core/dialects/warnings';
import { parse } from '../../../../src/core/dialects';

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
