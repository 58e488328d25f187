// The plot's samples (src/core/plot.ts): range, domain, breaks at poles, y range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseYRange, samplePlot, SAMPLES } from '../../../src/core/plot';

const plot = (f: string, d: string, variable = 'x') => samplePlot({ function: f, derivative: d, slope: d, variable });

test('a periodic function is shown over ±2π, others over ±5', () => {
  const trig = plot('x^2*sin(x)', 'x*(x*cos(x) + 2*sin(x))')!;
  assert.equal(trig.x.length, SAMPLES);
  assert.ok(Math.abs(trig.x[0]! + 2 * Math.PI) < 1e-9 && Math.abs(trig.x.at(-1)! - 2 * Math.PI) < 1e-9);
  const poly = plot('x^3', '3*x^2')!;
  assert.deepEqual([poly.x[0], poly.x.at(-1)], [-5, 5]);
  assert.equal(poly.domain, undefined);
});

test('samples are exact values of f and its derivative', () => {
  const p = plot('x^3', '3*x^2')!;
  for (const i of [0, 100, 300, 600]) {
    assert.ok(Math.abs(p.f[i]! - p.x[i]! ** 3) < 1e-9);
    assert.ok(Math.abs(p.derivative[i]! - 3 * p.x[i]! ** 2) < 1e-9);
  }
});

test('log: the view starts near the domain, which is reported as x > 0', () => {
  const p = plot('log(x)', '1/x')!;
  assert.ok(p.domain && p.domain.from !== undefined && Math.abs(p.domain.from) < 1e-6 && p.domain.to === undefined, JSON.stringify(p.domain));
  assert.ok(p.x[0]! < 0 && p.x[0]! > -1);
  assert.equal(p.f[0], null, 'undefined left of 0');
});

test('sqrt(1 - x^2): the domain [-1, 1] with a margin', () => {
  const p = plot('sqrt(1 - x^2)', '-x/sqrt(1 - x^2)')!;
  assert.ok(Math.abs(p.domain!.from! + 1) < 1e-6 && Math.abs(p.domain!.to! - 1) < 1e-6);
  assert.ok(p.x[0]! >= -1.3 && p.x.at(-1)! <= 1.3);
});

test('tan: the curve is broken at its poles and the y range is not flattened by them', () => {
  const p = plot('tan(x)', 'sec(x)^2')!;
  assert.ok(p.breaks.length >= 4, `breaks at ${p.breaks}`);
  for (const b of p.breaks) assert.ok(Math.abs(Math.cos(b)) < 0.05, `break at ${b} is not near a pole`);
  assert.ok(p.yRange[1] - p.yRange[0] < 60, `y range ${p.yRange}`);
});

test('the tangent point starts near x = 1 where f and f\' are defined', () => {
  const p = plot('x^2', '2*x')!;
  assert.ok(Math.abs(p.x[p.tangentIndex]! - 1) < 0.02);
});

test('no plot for input with other symbols or defined nowhere', () => {
  assert.equal(plot('a*x', 'a'), undefined);
  assert.equal(plot('sqrt(-x^2-1)', '-x/sqrt(-x^2-1)'), undefined);
});

test('y range of a constant is not empty', () => {
  const [lo, hi] = chooseYRange([2, 2, 2], [0, 0, 0]);
  assert.ok(lo <= 0 && hi >= 2 && hi > lo);
});
