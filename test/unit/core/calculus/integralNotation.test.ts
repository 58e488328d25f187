// The reader of integrals as written in LaTeX (src/core/calculus/integralNotation.ts) and what
// integrate answers for them: the integrand, variable and bounds come from the selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differentiate, InputError, integrate } from '../../../../src/core';
import { readIntegral } from '../../../../src/core/calculus/integralNotation';

test('reads each written form: bounds with and without braces, \\limits, and the differentials dx, \\mathrm{d}x, \\operatorname{d}x, d\\theta', () => {
  assert.deepEqual(readIntegral('\\int_0^1 x^2 \\, dx'), { integrand: 'x^2', wrt: 'x', from: '0', to: '1' });
  assert.deepEqual(readIntegral('\\int_{0}^{\\pi} x^2 \\sin x \\,\\mathrm{d}x'), { integrand: 'x^2 \\sin x', wrt: 'x', from: '0', to: '\\pi' });
  assert.deepEqual(readIntegral('\\int x e^x dx'), { integrand: 'x e^x', wrt: 'x' });
  assert.deepEqual(readIntegral('\\int \\frac{1}{1+x^2}\\, dx'), { integrand: '\\frac{1}{1+x^2}', wrt: 'x' });
  assert.deepEqual(readIntegral('\\int\\limits^{\\pi/2}_{-1} \\cos t \\; \\operatorname{d}t'), { integrand: '\\cos t', wrt: 't', from: '-1', to: '\\pi/2' });
  assert.deepEqual(readIntegral('\\int_0^\\pi \\sin\\theta \\, d\\theta'), { integrand: '\\sin\\theta', wrt: 'theta', from: '0', to: '\\pi' });
  assert.deepEqual(readIntegral('\\int x^2dx'), { integrand: 'x^2', wrt: 'x' });
});

test('an expression that is not an integral is left to the ordinary reading', () => {
  assert.equal(readIntegral('x^2 \\sin x'), undefined);
  assert.equal(readIntegral('\\interval'), undefined);
});

test('refuses clearly: a missing differential, one bound only, an empty integrand', () => {
  const refuses = (source: string, message: RegExp) => assert.throws(() => readIntegral(source), (e: unknown) => e instanceof InputError && message.test(e.message));
  refuses('\\int x^2', /no differential/);
  refuses('\\int \\frac{dx}{1+x^2}', /no differential/);
  refuses('\\int_0 x \\, dx', /needs both bounds/);
  refuses('\\int \\, dx', /no integrand/);
  refuses('\\int_{0 x \\, dx', /unclosed brace/);
});

test('integrate answers the written integral: exact values of definite ones, antiderivatives of indefinite ones', () => {
  const value = (source: string) => integrate(source, { notation: 'latex' });
  const cube = value('\\int_0^1 x^2 \\, dx');
  assert.equal(cube.definite?.exact?.latex, '\\frac{1}{3}');
  assert.deepEqual(cube.written, { integrand: 'x^2', wrt: 'x', from: '0', to: '1' });
  const sine = value('\\int_{0}^{\\pi} x^2 \\sin x \\,\\mathrm{d}x');
  assert.equal(sine.definite?.exact?.latex, '\\pi^{2} - 4');
  assert.ok(Math.abs(sine.definite!.value - (Math.PI ** 2 - 4)) < 1e-12);
  const parts = value('\\int x e^x dx');
  assert.equal(parts.definite, undefined);
  assert.equal(parts.latex, 'e^{x} (x - 1)');
  assert.equal(value('\\int \\frac{1}{1+x^2}\\, dx').latex, '\\arctan(x)');
  assert.equal(value('\\int_0^{\\pi/2} \\cos t \\, dt').definite?.exact?.latex, '1');
});

test('options that agree with the written integral are accepted; ones that contradict it are an InputError', () => {
  assert.equal(integrate('\\int_0^1 x^2 \\, dx', { notation: 'latex', wrt: 'x', from: 0, to: '1' }).definite?.exact?.latex, '\\frac{1}{3}');
  assert.equal(integrate('\\int_0^{\\pi} \\sin x \\, dx', { notation: 'latex', from: '0', to: 'pi' }).definite?.exact?.latex, '2');
  const refuses = (options: object, message: RegExp) =>
    assert.throws(() => integrate('\\int_0^1 x^2 \\, dx', { notation: 'latex', ...options }), (e: unknown) => e instanceof InputError && message.test(e.message));
  refuses({ wrt: 't' }, /in dx, but the variable asked for is t/);
  refuses({ from: 0, to: 2 }, /upper bound is 1, but 2 was asked for/);
  assert.throws(() => integrate('\\int x \\, dx', { notation: 'latex', from: 0, to: 1 }), (e: unknown) => e instanceof InputError && /written without bounds/.test(e.message));
});

test('outside LaTeX a leading \\int is not read as an integral', () => {
  assert.throws(() => integrate('\\int x dx', { notation: 'plain' }), InputError);
});

test('an improper integral as written: \\infty bounds read as infinite, the value exact where the antiderivative has a limit there', () => {
  assert.deepEqual(readIntegral('\\int_0^\\infty e^{-x} \\, dx'), { integrand: 'e^{-x}', wrt: 'x', from: '0', to: '\\infty' });
  const value = (source: string) => integrate(source, { notation: 'latex' });
  const decay = value('\\int_0^\\infty e^{-x} \\, dx');
  assert.equal(decay.definite?.exact?.latex, '1');
  assert.equal(decay.definite?.to.latex, '\\infty');
  assert.equal(decay.definite?.to.value, Infinity);
  assert.equal(decay.equation?.latex, '\\int_{0}^{\\infty} e^{-x} \\, dx = 1');
  const gaussian = value('\\int_{-\\infty}^{+\\infty} e^{-x^2} \\, dx');
  assert.equal(gaussian.definite?.exact?.plain, 'sqrt(pi)');
  assert.equal(gaussian.definite?.from.plain, '-inf');
  const harmonic = value('\\int_1^{\\infty} \\frac{1}{x} \\, dx');
  assert.equal(harmonic.definite?.divergesAt, Infinity);
  assert.equal(harmonic.definite?.exact, undefined);
  assert.match(harmonic.equation?.plain ?? '', /diverges$/);
  assert.ok(harmonic.warnings?.some((w) => /does not decay fast enough as x → ∞/.test(w)), String(harmonic.warnings));
});

test('Differentiate on an integral as written says that Integrate Selection evaluates it', () => {
  assert.throws(() => differentiate('\\int_0^1 x^2 \\, dx', { dialect: 'latex' }), (e: unknown) => e instanceof InputError && /'\\int' writes an integral, which Integrate Selection evaluates/.test(e.message));
});
