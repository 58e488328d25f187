// The CLI's calculus verbs and the batch field "op": text output, --json, batch lines, errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('verbs print the answer in the selection\'s notation', () => {
  assert.deepEqual(cli(['tangent', '--at', '2', 'x^3 - 3x']), { code: 0, stdout: 'y = 9*x - 16\n', stderr: '' });
  assert.deepEqual(cli(['taylor', '--order', '4', '--lang', 'python', 'np.cos(x)']), { code: 0, stdout: '1 - x**2/2 + x**4/24  # + O(x**5)\n', stderr: '' });
  assert.deepEqual(cli(['implicit', '--order', '2', 'x^2 + y^2 = 1']), { code: 0, stdout: '-x/y\n-x^2/y^3 - 1/y\n', stderr: '' });
  assert.deepEqual(cli(['critical', '--from', '-3', '--to', '3', 'x^3 - 3x']), { code: 0, stdout: 'maximum at x = -1: f = 2\nminimum at x = 1: f = -2\n', stderr: '' });
  assert.deepEqual(cli(['integrate', '--from', '0', '--to', '1', 'x^2']), { code: 0, stdout: 'x^3/3\n= 1/3 ≈ 0.3333333333333333\n', stderr: '' });
  // a function of a vector: the second-order expansion about x0
  assert.deepEqual(cli(['taylor', '--lang', 'matrix', '--var', 'x:n', '--var', 'A:n,n', "x'*A*x"]), { code: 0, stdout: "(x0'*A*x0) + ((A + A')*x0)'*(x - x0) + 1/2*(x - x0)'*(A + A')*(x - x0)\n", stderr: '' });
});

test('--json prints the whole result with op; bad input exits 1 with the reason', () => {
  const r = JSON.parse(cli(['taylor', '--json', '--at', 'pi/4', '--order', '2', 'sin(x)']).stdout);
  assert.equal(r.op, 'taylor');
  assert.equal(r.plain, 'sqrt(2)/2 + sqrt(2)*(x - pi/4)/2 - sqrt(2)*(x - pi/4)^2/4');
  assert.equal(r.plainWithRemainder, `${r.plain} + O((x - pi/4)^3)`);
  assert.equal(r.verified, true);
  assert.deepEqual(cli(['tangent', '--at', '0', 'log(x)']), { code: 1, stdout: '', stderr: 'error: f is not defined at x = 0\n' });
  assert.equal(cli(['tangent', 'x^2']).stderr, 'error: tangent needs the point: --at A (batch: "at")\n');
  assert.match(cli(['--help']).stdout, /tangent --at A[\s\S]*taylor \[--at A\] \[--order N\][\s\S]*implicit[\s\S]*critical[\s\S]*integrate \[--from A --to B\]/);
});

test('batch: "op" with "at" and "order"; diff stays the default and is echoed when named', () => {
  const lines = [
    { id: 1, op: 'taylor', expr: 'sin(x)', wrt: 'x', at: '0', order: 7 },
    { id: 2, op: 'tangent', expr: 'np.sin(x)', lang: 'python', at: 'pi/4' },
    { id: 3, expr: 'x^2' },
    { id: 4, op: 'diff', expr: 'x^2' },
    { id: 5, op: 'implicit', expr: 'x^3 + y^3 = 6xy' },
    { id: 6, op: 'critical', expr: 'x^2 - 2x' },
    { id: 7, op: 'integrate', expr: 'x*exp(x)' },
    { id: 8, op: 'nope', expr: 'x' },
    { id: 9, op: 'taylor', expr: 'x', at: [1] },
  ].map((l) => JSON.stringify(l)).join('\n');
  const out = cli(['batch'], lines).stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(out.map((o) => [o.id, o.ok, o.op]), [[1, true, 'taylor'], [2, true, 'tangent'], [3, true, undefined], [4, true, 'diff'], [5, true, 'implicit'], [6, true, 'critical'], [7, true, 'integrate'], [8, false, 'nope'], [9, false, 'taylor']]);
  assert.equal(out[0].plain, 'x - x^3/6 + x^5/120 - x^7/5040');
  assert.equal(out[0].plainWithRemainder, 'x - x^3/6 + x^5/120 - x^7/5040 + O(x^8)');
  assert.equal(out[1].result, 'y = np.sqrt(2)*(x - np.pi/4 + 1)/2');
  assert.equal(out[1].plain, 'sqrt(2)*(x - pi/4 + 1)/2');
  assert.equal(out[2].result, '2*x');
  assert.equal(out[3].result, '2*x');
  assert.equal(out[4].plain, '-(x^2 - 2*y)/(y^2 - 2*x)');
  assert.deepEqual(out[5].points.map((p: { x: string; kind: string }) => [p.x, p.kind]), [['1', 'minimum']]);
  assert.equal(out[6].plain, 'exp(x)*(x - 1)');
  assert.equal(out[6].verified, true);
  assert.match(out[7].error, /unknown "op" "nope"/);
  assert.match(out[8].error, /"at" must be a number or a string/);
});
