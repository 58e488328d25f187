// The CLI contract other tools consume: `diff` output and exit codes, `batch` JSON Lines exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('diff prints the derivative in the input dialect', () => {
  assert.deepEqual(cli(['diff', 'x^2 sin(x)']), { code: 0, stdout: 'x*(x*cos(x) + 2*sin(x))\n', stderr: '' });
  assert.equal(cli(['diff', '--lang', 'python', 'np.sin(x)**2']).stdout, 'np.sin(2*x)\n');
  assert.equal(cli(['diff', '--lang', 'javascript', 'Math.exp(-x) * x']).stdout, 'Math.exp(-x) * (1 - x)\n');
  assert.equal(cli(['diff', '--lang', 'latex', '\\frac{1}{x}']).stdout, '-\\frac{1}{x^{2}}\n');
  assert.equal(cli(['diff', '--wrt', 'y', 'x*y^2']).stdout, '2*x*y\n');
  assert.equal(cli(['diff', '--order', '3', 'x^4']).stdout, '24*x\n');
});

test('diff of a function written as an expression: its body by its parameter, written back as a function of it', () => {
  const out = (lang: string, source: string, ...more: string[]) => cli(['diff', '--lang', lang, ...more, source]).stdout.trimEnd();
  assert.equal(out('python', 'lambda t: t**2 + 3*t'), 'lambda t: 2*t + 3');
  assert.equal(out('python', 'f = lambda x: np.sin(x) * x'), 'df_dx = lambda x: x * np.cos(x) + np.sin(x)');
  // two parameters: --wrt says which
  assert.equal(out('python', 'lambda x, a: a * x**2', '--wrt', 'a'), 'lambda x, a: x**2');
  assert.equal(out('javascript', 'const f = (x) => x ** 3 - 2 * x;'), 'const df_dx = (x) => 3 * x ** 2 - 2;');
  assert.equal(out('matlab', 'f = @(x) x.^2 .* exp(-x);'), 'df_dx = @(x) x .* exp(-x) .* (2 - x);');
  assert.equal(out('julia', 'f(s) = 3s^2 + 2s + 1'), 'df_ds(s) = 6s + 2');
  assert.equal(out('julia', 'u -> u^2 + 3u'), 'u -> 2u + 3');
  // a Python def whose body is one return (it was "select an expression, not a statement")
  assert.equal(out('python', 'def f(x): return x**2 * np.sin(x)'), 'def df_dx(x): return x * (x * np.cos(x) + 2 * np.sin(x))');
  assert.equal(out('python', 'def f(x):\n    return np.exp(-x**2)'), 'def df_dx(x):\n    return -2*x*np.exp(-x**2)');
  // they were refused: "unexpected '->'", "'lambda x: …' is not supported"
  assert.equal(cli(['diff', '--lang', 'julia', 'x -> x^2']).code, 0);
});

test('diff --json carries result, plain, latex, wrt, order, verified and steps', () => {
  const r = cli(['diff', '--json', '--lang', 'python', 'np.log(x)']);
  assert.equal(r.code, 0);
  const o = JSON.parse(r.stdout);
  for (const k of ['result', 'plain', 'latex', 'wrt', 'order', 'verified', 'steps']) assert.ok(k in o, k);
  assert.equal(o.result, '1/x');
  assert.equal(o.latex, '\\frac{1}{x}');
  assert.equal(o.wrt, 'x');
  assert.equal(o.order, 1);
  assert.equal(o.verified, true);
  assert.ok(o.verification.points.length >= 3);
  assert.equal(o.steps[0].rule, 'log');
});

test('bad input: exit code 1 and one line on stderr', () => {
  for (const args of [['diff', 'sin + 1'], ['diff', 'x +'], ['diff', '--order', '0', 'x'], ['diff'], ['frobnicate'], ['diff', '--lang', 'cobol', 'x'], ['diff', 'x*y']]) {
    const r = cli(args);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.match(r.stderr, /^error: /);
  }
  assert.match(cli(['diff', 'sin + 1']).stderr, /column 5/);
});

test('batch: one line out per case, in order, failures never stop it', () => {
  const input = [
    '{"id":1,"expr":"x^3"}',
    '{"id":"b","expr":"sin + 1"}',
    'not json',
    '{"id":3,"expr":"np.exp(2*t)","lang":"python","wrt":"t"}',
    '',
    '{"id":4,"expr":"x*y","wrt":"y","order":2}',
    '{"expr":"\\\\sqrt{x}","lang":"latex"}',
    '{"id":6}',
  ].join('\n');
  const r = cli(['batch'], input);
  assert.equal(r.code, 0);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 7);
  const okKeys = ['id', 'ok', 'result', 'plain', 'latex', 'verified', 'ms'];
  assert.deepEqual(Object.keys(lines[0]), okKeys);
  assert.deepEqual({ ...lines[0], ms: 0 }, { id: 1, ok: true, result: '3*x^2', plain: '3*x^2', latex: '3 x^{2}', verified: true, ms: 0 });
  assert.ok(typeof lines[0].ms === 'number' && lines[0].ms >= 0);
  assert.deepEqual(Object.keys(lines[1]), ['id', 'ok', 'error']);
  assert.equal(lines[1].id, 'b');
  assert.equal(lines[1].ok, false);
  assert.match(lines[1].error, /column 5/);
  assert.deepEqual(lines[2], { id: null, ok: false, error: 'the line is not valid JSON' });
  assert.equal(lines[3].result, '2*np.exp(2*t)');
  assert.equal(lines[3].plain, '2*exp(2*t)');
  assert.equal(lines[4].result, '0');
  assert.equal(lines[5].id, null);
  assert.equal(lines[5].latex, '\\frac{1}{2 \\sqrt{x}}');
  assert.deepEqual(lines[6], { id: 6, ok: false, error: '"expr" (a string) is required' });
});

test('batch --lang sets the default dialect', () => {
  const r = cli(['batch', '--lang', 'javascript'], '{"id":1,"expr":"Math.pow(x, 3)"}\n');
  assert.equal(JSON.parse(r.stdout).result, '3*Math.pow(x, 2)');
});
