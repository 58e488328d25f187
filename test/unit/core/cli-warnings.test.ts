// The CLI shows readings a person may not have meant: a `warnings` field in JSON, a line on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function cli(args: string[], input = '') {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const WARNING = 'read `^23` as ^{2}·3, as TeX does (the exponent is one digit); write ^{23} for more';

test('plain output: the result on stdout, each warning as a line on stderr', () => {
  assert.deepEqual(cli(['diff', '--lang', 'latex', 'x^23']), { code: 0, stdout: '6 x\n', stderr: `warning: ${WARNING}\n` });
  assert.deepEqual(cli(['diff', '--lang', 'latex', 'x^{2} y', '--wrt', 'x']), { code: 0, stdout: '2 x y\n', stderr: '' });
});

test('--json has a warnings field when there are warnings, and none otherwise', () => {
  const warned = JSON.parse(cli(['diff', '--json', '--lang', 'latex', 'x^23']).stdout);
  assert.deepEqual(warned.warnings, [WARNING]);
  assert.equal(warned.result, '6 x');
  assert.equal('warnings' in JSON.parse(cli(['diff', '--json', '--lang', 'latex', 'x^{23}']).stdout), false);
});

test('batch lines carry warnings per case', () => {
  const input = [
    JSON.stringify({ id: 1, expr: 'x^23', lang: 'latex' }),
    JSON.stringify({ id: 2, expr: 'x^2' }),
    JSON.stringify({ id: 3, expr: 'sin x', lang: 'latex' }),
  ].join('\n');
  const lines = cli(['batch'], input).stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.warnings), [[WARNING], undefined, ['read `sin` as the function \\sin; without the backslash TeX reads the letters s·i·n']]);
  assert.deepEqual(lines.map((l) => l.result), ['6 x', '2*x', '\\cos(x)']);
});
