// MATLAB/Octave, Julia and plain math read as the languages read them, and MATLAB and Julia results
// print element-wise (issue 10). The reading corpus judges these against Octave; here each rule is
// pinned with the manual's example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, differentiate, Dialect, InputError } from '../../../../src/core';
import { parse, print } from '../../../../src/core/dialects';
import { parsePlain, readMatrixNotation } from '../../../../src/core/dialects/plain';
import { readMatlab } from '../../../../src/core/dialects/matlab';
import { readJulia } from '../../../../src/core/dialects/julia';
import { differentiateMatrix, MatrixDialect } from '../../../../src/core/matrix/api';
import { Syn } from '../../../../src/core/syntax';
import { agreeNumerically, readJsonLines } from '../../../support/numeric';

function readsAs(source: string, dialect: Dialect, plain: string): void {
  const a = agreeNumerically(parse(source, dialect).expr, parsePlain(plain), 5);
  assert.ok(a.agree, `${dialect} ${JSON.stringify(source)} should read as ${plain}: ${a.detail}`);
}

const derivative = (source: string, dialect: Dialect, wrt = 'x') => differentiate(source, { dialect, wrt, explain: false }).result;

test('MATLAB: ^ and .^ chain left to right, an exponent is its signs and one operand (Octave)', () => {
  for (const [source, plain] of [
    ['x.^2.^3', '(x^2)^3'], ['x^2^3', '(x^2)^3'], ['2^x^2', '(2^x)^2'], ['2^3^2*x', '64*x'],
    ['x^2^-1', 'x^(-2)'], ['2^-x^2', '(2^(-x))^2'], ['x.^-2.^2', 'x^(-4)'], ['-2^2*x', '-4*x'],
    ['x.^3.^(1/3)', 'x'], ['-x^2', '-(x^2)'], ["x'^2", 'x^2'], ["x.^2'", 'x^2'],
  ] as const) readsAs(source, 'matlab', plain);
});

test('MATLAB: left division, transposes, comments and continuations', () => {
  for (const [source, plain] of [
    ['x\\1', '1/x'], ['2\\x', 'x/2'], ['x.\\1', '1/x'], ['(1 + x)\\x', 'x/(1 + x)'], ['2*x\\4', '2/x'],
    ["x'", 'x'], ["x.'", 'x'], ["(x + 1)'*2", '2*(x + 1)'],
    ['x^2 % squared', 'x^2'], ['x.^2 + ...\n 3*x', 'x^2 + 3*x'], ['%{\nblock comment\n%}\nx.^2', 'x^2'],
    ['x^2 # Octave comment', 'x^2'], ['0x10*x', '16*x'],
    ['atan2(y, x) + max(x, y) - min(x, y) + sind(x)', '2*atan(y/(sqrt(x^2 + y^2) + x)) + abs(x - y) + sin(pi*x/180)'],
  ] as const) readsAs(source, 'matlab', plain);
});

test('MATLAB results are element-wise: they run when x is a vector', () => {
  assert.equal(derivative('log(x)', 'matlab'), '1./x');
  assert.equal(derivative('1/x', 'matlab'), '-1./x.^2');
  assert.equal(derivative('x^3', 'matlab'), '3*x.^2');
  assert.equal(derivative('x/2/y', 'matlab'), '1./(2*y)');
  assert.equal(derivative('sec(x)', 'matlab'), 'sec(x).*tan(x)');
  assert.equal(derivative('2^x', 'matlab'), '2.^x*log(2)');
  assert.equal(derivative('hypot(x, y)', 'matlab'), 'x./hypot(x, y)');
  assert.equal(derivative('x^(1/3)', 'matlab'), '1./(3*nthroot(x, 3).^2)');
  assert.equal(derivative('x^2*pi', 'matlab'), '2*pi*x');
});

test('Julia: numeric-literal coefficients (Integers and Floating-Point Numbers › Numeric Literal Coefficients)', () => {
  for (const [source, plain] of [
    ['2^3x', '2^(3*x)'], ['x^2y', 'x^(2*y)'], ['2x^2', '2*x^2'], ['2x^2y', '2*x^(2*y)'], ['1/2x', '1/(2*x)'],
    ['6/2(x + 1)', '6/(2*(x + 1))'], ['-2x', '-2*x'], ['√2x', 'sqrt(2)*x'], ['2√x', '2*sqrt(x)'], ['(x + 1)x', '(x + 1)*x'],
    ['2^x^2', '2^(x^2)'], ['-2^2*x', '-4*x'], ["2x'", '2*x'], ['1//3*x', 'x/3'], ['x*2//3', '2*x/3'],
    ['0x10*x', '16*x'], ['1_000x', '1000*x'], ['∛x', 'x^(1/3)'], ['2 .* x .+ 1', '2*x + 1'], ['x \\ 1', '1/x'],
    ['x^2 # squared', 'x^2'], ['x^2 #= squared #= nested =# =# + 1', 'x^2 + 1'],
    ['abs2(x) + sinpi(x) + cospi(x) + sind(x)', 'x^2 + sin(pi*x) + cos(pi*x) + sin(pi*x/180)'],
    ['atan(y, x)', '2*atan(y/(sqrt(x^2 + y^2) + x))'], ['log(2, x)', 'log(x, 2)'],
  ] as const) readsAs(source, 'julia', plain);
});

test('Julia: what Julia refuses is refused', () => {
  for (const source of ['1./x', '2.^x', '1.*x', '(x + 1)(x - 1)', 'x(x + 1)', 'x y', "x' A*x"]) {
    assert.throws(() => parse(source, 'julia'), InputError, source);
  }
});

test("Julia: x'A is an adjoint times A (juxtaposition), which a scalar reading reads as a product", () => {
  readsAs("x'A*x", 'julia', 'x^2*A');
  readsAs("2x'(x + 1)", 'julia', '2*x*(x + 1)');
});

test('Julia results of a selection that broadcasts broadcast: dotted calls and operators, 1 ./ x spaced', () => {
  assert.equal(derivative('log.(x)', 'julia'), '1 ./ x');
  assert.equal(derivative('1 ./ x', 'julia'), '-1 ./ x.^2');
  assert.equal(derivative('sin.(x)', 'julia'), 'cos.(x)');
  assert.equal(derivative('x.^2 .+ x', 'julia'), '2*x .+ 1');
  assert.equal(derivative('2 .^ x', 'julia'), '2 .^ x*log(2)');
  assert.equal(derivative('x .* sin.(x)', 'julia'), 'x .* cos.(x) + sin.(x)');
  assert.equal(derivative('cbrt.(x)', 'julia'), '1 ./ (3*cbrt.(x).^2)');
  assert.equal(derivative('x .> 0 # not x.^2', 'julia'), '0');
});

test('Julia results of scalar code are scalar code (Julia broadcasts at the call, f.(x))', () => {
  assert.equal(derivative('log(x)', 'julia'), '1/x');
  assert.equal(derivative('1/x', 'julia'), '-1/x^2');
  assert.equal(derivative('sin(x)', 'julia'), 'cos(x)');
  assert.equal(derivative('x^2 + x', 'julia'), '2*x + 1');
  assert.equal(derivative('2^x', 'julia'), '2^x*log(2)');
  assert.equal(derivative('x*sin(x)', 'julia'), 'x*cos(x) + sin(x)');
  // x^(1/3) of a negative x is a DomainError in Julia too: the real root is cbrt
  assert.equal(derivative('cbrt(x)', 'julia'), '1/(3*cbrt(x)^2)');
  assert.equal(derivative('x^2 # x.^2 in a comment', 'julia'), '2*x');
  // a coefficient written against its factor comes back so
  assert.equal(derivative('1.5x^2', 'julia'), '3x');
});

test('printed MATLAB and Julia of every scalar corpus derivative read back, and Julia has no 1./-style error', () => {
  const corpus = readJsonLines<{ expr: string; wrt: string }>(readFileSync('test/corpus/scalar.jsonl', 'utf8'));
  for (const dialect of ['matlab', 'julia'] as const) {
    const style = dialect === 'matlab' ? { dialect, spacedProducts: false } : { dialect, spacedProducts: false, unicode: false, broadcasts: true };
    for (const c of corpus) {
      const d = parsePlain(differentiate(c.expr, { dialect: 'plain', wrt: c.wrt, explain: false }).plain);
      const text = print(d, style);
      if (dialect === 'julia') assert.doesNotMatch(text, /(^|[^\w.])\d+\.[*/^\\+-]/, text);
      const a = agreeNumerically(parse(text, dialect).expr, d, 3);
      assert.ok(a.agree, `${dialect}: ${text}: ${a.detail}`);
    }
  }
});

test('plain: a name whose letters are variables reads as their product, with a warning; other short names warn', () => {
  const xe = analyze('xe^x', 'plain');
  assert.equal(xe.plain, 'x*exp(x)');
  assert.match(xe.warnings?.join() ?? '', /read 'xe' as x\*e/);
  const xy = analyze('3xy', 'plain');
  assert.equal(xy.plain, '3*xy');
  assert.match(xy.warnings?.join() ?? '', /read 'xy' as one name; write x\*y/);
  // a letter that ends two short names is their variable: ax and bx are a·x and b·x
  const quadratic = analyze('ax^2 + bx + c', 'plain');
  assert.deepEqual(quadratic.freeSymbols.sort(), ['a', 'b', 'c', 'x']);
  assert.match(quadratic.warnings?.join() ?? '', /read 'ax' as a\*x, since x ends other names here too/);
  assert.deepEqual(analyze('kx + b', 'plain').freeSymbols.sort(), ['b', 'kx']);
  for (const plain of ['sigma mu + w1 x_0', 'rate*t', 'x sin(x)', '2 pi r']) assert.equal(analyze(plain, 'plain').warnings, undefined, plain);
});

test('max, min and atan2 differentiate by their partials', () => {
  assert.equal(differentiate('atan2(y, x)', { dialect: 'matlab', wrt: 'y', explain: false }).plain, 'x/(x^2 + y^2)');
  const max = differentiate('max(x, y)', { dialect: 'matlab', wrt: 'x', explain: false });
  assert.ok(max.verified, JSON.stringify(max.verification));
  // the unit step of x − y, written in MATLAB with sign (MATLAB and Octave have no heaviside)
  assert.equal(max.plain, 'heaviside(x - y)');
  assert.equal(max.result, '(sign(x - y) + 1)/2');
});

test('a sum times a logarithm to a base keeps its parentheses (fuzzer finding)', () => {
  assert.equal(analyze('(4*a + 1)*log(x, 2)', 'plain').plain, '(4*a + 1)*log(x, 2)');
  assert.equal(analyze('sinh((4*a + 1/4)*log2(x))', 'matlab').plain, 'sinh((4*a + 1/4)*log(x, 2))');
  assert.equal(derivative('(4*a + 1)*log2(x)', 'matlab'), '(4*a + 1)./(x*log(2))');
});

// One reader per notation (issue 10): the words and rules of the scalar reader now read inside vector
// and matrix expressions, and the array words inside scalar ones.
const matrixDerivative = (source: string, dialect: MatrixDialect, wrt: string) => {
  const r = differentiateMatrix(source, { dialect, wrt, explain: false });
  assert.equal(r.verified, true, `${dialect} ${source}`);
  return r.result;
};

test('matrix expressions read the scalar rules: comments, continuations, roots, coefficients, digit groups, implicit products', () => {
  assert.equal(matrixDerivative("√(x'x)", 'julia', 'x'), "x/sqrt(x'*x)");
  assert.equal(matrixDerivative("x'A*x", 'julia', 'x'), "(A + A')*x");
  assert.equal(matrixDerivative('sum(abs2.(x)) # squared norm', 'julia', 'x'), '2*x');
  assert.equal(matrixDerivative("1_000x'x", 'julia', 'x'), '2000*x');
  assert.equal(matrixDerivative("x'*A*x + ... energy\n  b'*x % and a load", 'matlab', 'x'), "(A + A')*x + b");
  assert.equal(matrixDerivative('sum(power(x, 2))', 'matlab', 'x'), '2*x');
  // MATLAB's ψ is psi (digamma is not a MATLAB function)
  assert.equal(matrixDerivative('sum(gammaln(x))', 'matlab', 'x'), 'psi(x)');
  assert.equal(matrixDerivative('sum(nthroot(x, 3))', 'matlab', 'x'), '1./(3.*x.^(2/3))');
  assert.equal(matrixDerivative("2x'A x", 'matrix', 'x'), "2*(A + A')*x");
  assert.equal(matrixDerivative("arcsin(x)'*x", 'matrix', 'x'), 'x./sqrt(ones(n) - x.^2) + asin(x)');
});

test('scalar selections read the array words with their scalar meaning, or say they work on arrays', () => {
  readsAs('expm(x) + sqrtm(x)', 'matlab', 'exp(x) + sqrt(x)');
  readsAs("x.'*y'", 'matlab', 'x*y');
  readsAs('x .\\ 2 + 1 ./ x', 'matlab', '3/x');
  readsAs("x .* y ./ z + x'", 'plain', 'x*y/z + x');
  readsAs('sin.(x) .+ √x', 'julia', 'sin(x) + sqrt(x)');
  assert.throws(() => parse('norm(x)', 'matlab'), /'norm' works on arrays/);
  assert.throws(() => parse('x.+1', 'matlab'), /unexpected '\.\+' \(column 2\)/, 'MATLAB has no .+');
  assert.throws(() => parse("x.'", 'julia'), /unexpected '\.''/, "Julia 1.0 removed .'");
});

test('array meanings the engine cannot differentiate are refused where they are written', () => {
  const refuses = (source: string, dialect: MatrixDialect, wrt: string, message: RegExp) =>
    assert.throws(() => differentiateMatrix(source, { dialect, wrt }), message, source);
  refuses('√X', 'julia', 'X', /√X of a matrix is the matrix square root.*write sqrt\.\(X\)/);
  refuses('exp(X)', 'julia', 'X', /matrix exponential.*write exp\.\(X\)/);
  refuses('norm(A)', 'matlab', 'A', /spectral norm/);
  refuses("norm(x, 'inf')", 'matlab', 'x', /: 'inf' norms are not supported/);
  refuses('expm(A)', 'matlab', 'A', /the matrix exponential expm\(A\) is not supported; write exp\(A\)/);
});

test('the one reader emits each operator with its meaning in the notation', () => {
  const shape = (s: Syn): unknown => {
    switch (s.t) {
      case 'num': return s.value.toString();
      case 'sym': case 'const': return s.name;
      case 'str': return `'${s.value}'`;
      case 'neg': return ['neg', shape(s.arg)];
      case 'transpose': return ["'", shape(s.arg)];
      case 'bin': return [s.op, shape(s.l), shape(s.r)];
      case 'call': return [s.fn, ...s.args.map(shape)];
    }
  };
  assert.deepEqual(shape(readMatlab('nthroot(x, 3)').syn), ['epow', 'x', '1/3']);
  assert.deepEqual(shape(readMatlab("x'*A\\b - 2^-x^2").syn), ['bsub', ['solve', ['mul', ["'", 'x'], 'A'], 'b'], ['pow', ['pow', '2', ['neg', 'x']], '2']]);
  assert.deepEqual(shape(readMatlab("sum(X, 'all') + sum(X) + exp(1)").syn), ['badd', ['badd', ['sum', 'X'], ['colsum', 'X']], 'e']);
  assert.deepEqual(shape(readJulia('log(2, x) + x .- 1//3').syn), ['bsub', ['add', ['log', 'x', '2'], 'x'], ['div', '1', '3']]);
  assert.deepEqual(shape(readJulia("x'A*x + x ⋅ y + I").syn), ['add', ['add', ['mul', ['mul', ["'", 'x'], 'A'], 'x'], ['dot', 'x', 'y']], ['eye']]);
  assert.deepEqual(shape(readJulia('2^3x').syn), ['pow', '2', ['mul', '3', 'x']]);
  assert.deepEqual(shape(readMatrixNotation("y = tr(X'*X) + e").syn), ['add', ['tr', ['mul', ["'", 'X'], 'X']], 'e']);
  assert.equal(readMatrixNotation('y = x').assignedTo, 'y');
  assert.throws(() => parsePlain('y = x'), /unexpected '='/, 'a plain selection is an expression');
  // an equation says where equations are differentiated (LaTeX's reader and the others alike)
  for (const [source, dialect] of [['x^2 + y^2 = 25', 'latex'], ['x^2 + y^2 = 25', 'plain']] as const) {
    assert.throws(() => differentiate(source, { dialect, wrt: 'y', explain: false }), /differentiated implicitly by Implicit Derivative/, `${dialect}: ${source}`);
  }
});

test('conditions joined by and / or: MATLAB & | && ||, Julia && ||, JavaScript && || !; and binds tighter than or', () => {
  const result = (source: string, dialect: 'matlab' | 'julia' | 'javascript') => differentiate(source, { dialect, wrt: 'x', explain: false }).result;
  assert.equal(result('x.^2.*(x > 0 & x < 3)', 'matlab'), '2*x.*(x > 0).*(x < 3)');
  assert.equal(result('x.^2.*(x > 0 && x < 3)', 'matlab'), '2*x.*(x > 0).*(x < 3)');
  assert.equal(result('ifelse(x > 0 && x < 3, x^2, 0)', 'julia'), 'ifelse(x > 0 && x < 3, 2*x, 0)');
  assert.equal(result('ifelse(x < 0 || x > 3, x^2, sin(x))', 'julia'), 'ifelse(x < 0 || x > 3, 2*x, cos(x))');
  assert.equal(result('x > 0 && x < 3 ? x*x : 0', 'javascript'), 'x > 0 && x < 3 ? 2*x : 0');
  assert.equal(result('x < 0 || x > 3 ? x*x : Math.sin(x)', 'javascript'), 'x < 0 || x > 3 ? 2*x : Math.cos(x)');
  // Julia's c ? a : b, right to left, printed back as the selection wrote it
  assert.equal(result('x < 0 || x > 3 ? x^2 : sin(x)', 'julia'), 'x < 0 || x > 3 ? 2*x : cos(x)');
  assert.equal(result('x > 0 ? x^2 : x < -1 ? -x : sin(x)', 'julia'), 'x > 0 ? 2*x : x < -1 ? -1 : cos(x)');
  assert.throws(() => result('x > 0 ? x^2', 'julia'), /missing ':'/);
  assert.equal(result('!(x > 0) ? x : 2*x', 'javascript'), 'x > 0 ? 2 : 1');
  // an or used as a number prints as one condition (the tree keeps it as c₁ + c₂ − c₁·c₂)
  assert.equal(result('(x < 0 | x > 3).*x.^2', 'matlab'), '2*x.*(x < 0 | x > 3)');
  assert.equal(result('((x < 0) || (x > 3)) * x^2', 'julia'), '2 * x * ((x < 0) | (x > 3))');
  assert.equal(result('(x < 0 || x > 3) * x**2', 'javascript'), '2 * x * (x < 0 || x > 3)');
  const js = result('(x < 0 || x > 3) * x**2', 'javascript');
  assert.deepEqual([-1, 1, 4].map((x) => new Function('x', `return ${js};`)(x) as number), [-2, 0, 8]);
  // a | b & c is a | (b & c): 1 < x < 2 is inside the first condition's complement
  assert.equal(analyze('(x < 0 | x > 1 & x < 2).*x', 'matlab').plain, 'x*(-(x > 1)*(x < 0)*(x < 2) + (x > 1)*(x < 2) + (x < 0))');
  assert.throws(() => result('x & 3', 'matlab'), /'&' joins conditions: write comparisons on both sides/);
  assert.throws(() => result('!x ? 1 : x', 'javascript'), /'!' negates a condition: write a comparison after it/);
  // Julia's & binds as * does: x > 0 & x < 3 is x > (0 & x) < 3, not read
  assert.throws(() => result('x > 0 & x < 3', 'julia'), /unexpected '&'/);
});

test('Julia results write number coefficients as the selection does: 6x^2 - 3 for 2x^3 - 3x, 2*x where it writes 2*x', () => {
  const d = (source: string, wrt = 'x') => differentiate(source, { dialect: 'julia', wrt, explain: false }).result;
  assert.equal(d('2x^3 - 3x'), '6x^2 - 3');
  assert.equal(d('exp(-x^2/2)/sqrt(2π)'), '-x*exp(-x^2/2)/sqrt(2π)');
  assert.equal(d('2(x + 1)^3'), '6(x + 1)^2');
  // in a denominator too, and with a Unicode name
  assert.equal(d('1/(2x)'), '-1/(2x^2)');
  assert.equal(d('2θ^2', 'θ'), '4θ');
  // never before a name starting with e or f, which Julia would read as a float literal (2e, 2f0)
  assert.equal(d('3x*exp(x)'), '3*exp(x)*(x + 1)');
  // a selection without coefficients written so keeps *; 1e3x is a float times x, not a coefficient
  assert.equal(d('x^3 - 3*x'), '3*x^2 - 3');
  assert.equal(readJulia('1e3x + 0x1f').style.juxtaposes, undefined);
  // read back as Julia reads it: 6x^2 is 6*(x^2)
  for (const printed of ['6x^2 - 3', '-1/(2x^2)', '6(x + 1)^2']) readsAs(printed, 'julia', printed.replace(/(\d)([x(])/g, '$1*$2'));
});

test('a name written both as a Greek letter and spelled out is refused, not read as one variable (λ*x + lambda*x^2 was λ + 2*λ*x)', () => {
  assert.throws(() => analyze('λ*x + lambda*x^2', 'julia'), /'λ' and 'lambda' are both read as lambda: rename one of them \(column 7\)/);
  assert.throws(() => analyze('σ x + sigma', 'plain'), /'σ' and 'sigma' are both read as sigma/);
  assert.equal(derivative('λ*x + λ*x^2', 'julia'), 'λ + 2*λ*x');
});

test('an entry counted from the end (MATLAB x(end), Julia x[end - 1]) is refused saying so (MATLAB said "unknown function x")', () => {
  assert.throws(() => analyze('x(end)^2 + x(1)', 'matlab'), /x\(end\) counts from the end of x, whose length the selection does not give: index from the start \(column 1\)/);
  assert.throws(() => analyze('x[end-1]^2', 'julia'), /x\[end-1\] counts from the end of x/);
  // a slice to the end stays a slice
  assert.equal(analyze('sum(x(2:end).^2)', 'matlab').freeSymbols.join(), 'x');
});

test('a sum or product over numbers (Python range(5), Julia 0:4) is written out term by term: the index is a number, not an entry (they were refused as sums over an array)', () => {
  const result = (source: string, dialect: Dialect) => {
    const r = differentiate(source, { dialect, wrt: 'x', explain: false });
    assert.ok(r.verified, source);
    return r.result;
  };
  readsAs('sum(x**k / math.factorial(k) for k in range(5))', 'python', '1 + x + x^2/2 + x^3/6 + x^4/24');
  readsAs('math.prod(x - k for k in range(1, 4))', 'python', '(x - 1)*(x - 2)*(x - 3)');
  readsAs('sum(x**k for k in range(10, 0, -2))', 'python', 'x^10 + x^8 + x^6 + x^4 + x^2');
  readsAs('sum(x^k / factorial(k) for k in 0:4)', 'julia', '1 + x + x^2/2 + x^3/6 + x^4/24');
  readsAs('sum(x^k for k in 10:-2:2)', 'julia', 'x^10 + x^8 + x^6 + x^4 + x^2');
  assert.equal(result('sum(np.sin(n * x) / n for n in range(1, 4))', 'python'), 'np.cos(x) + np.cos(2 * x) + np.cos(3 * x)');
  assert.equal(result('prod(x - k for k in 1:3)', 'julia'), '3*(x - 2)^2 - 1');
  assert.throws(() => differentiate('max(k * x for k in range(3))', { dialect: 'python', wrt: 'x' }), /'max\(… for k in range\(3\)\)' over a number k is not read/);
  assert.throws(() => differentiate('sum(x^k for k in 1:1000)', { dialect: 'julia', wrt: 'x' }), /has more than 100 terms: at most 100 are written out/);
  // an array's index is read as before
  assert.equal(differentiateMatrix('sum(x[i]^2 for i in 1:length(x))', { dialect: 'julia', wrt: 'x', explain: false }).result, '2*x');
});

test("a range in parentheses (MATLAB's and Julia's 0:4) says where ranges are read (it was \"expected ')' but found ':'\")", () => {
  assert.throws(() => differentiate('sum(x.^(0:4))', { dialect: 'matlab', wrt: 'x' }), /a range \(a:b\) is read only as an index \(x\(2:end\)\): write its terms out \(column 10\)/);
  assert.throws(() => differentiate('sum(x.^(0:4))', { dialect: 'julia', wrt: 'x' }), /only as an index \(x\[2:end\]\) and after a generator's in \(sum\(x\^k for k in 0:4\)\)/);
});

test('symbols are named to the user as the selection writes them: Julia σ, LaTeX \\sigma as σ, Python lambda_', () => {
  assert.deepEqual(analyze('σ^2 * x', 'julia').labels, { sigma: 'σ' });
  assert.deepEqual(analyze('\\mu \\sigma^2 x', 'latex').labels, { mu: 'μ', sigma: 'σ' });
  assert.deepEqual(analyze('\\lambda w^\\top w', 'latex').labels, { lambda: 'λ' }, 'array input in LaTeX too');
  assert.deepEqual(analyze('lambda_ * x', 'python').labels, { lambda: 'lambda_' });
  assert.equal(analyze('sigma^2 * x', 'julia').labels, undefined, 'written as named: no labels');
  assert.throws(() => differentiate('σ^2 * x', { dialect: 'julia', explain: false }), /several variables \(x, σ\)/);
  assert.throws(() => differentiate('lambda_ * x', { dialect: 'python', explain: false }), /several variables \(x, lambda_\)/);
  assert.deepEqual(analyze('σ^2 * x', 'plain').labels, { sigma: 'σ' });
});

test('plain math written with Greek letters and π gets them back: 2*σ*x, θ*cos(θ*x), 2*π*x (were sigma, theta, pi)', () => {
  const d = (source: string, wrt = 'x') => differentiate(source, { dialect: 'plain', wrt, explain: false });
  assert.equal(d('σ^2 * x', 'σ').result, '2*σ*x');
  assert.equal(d('sin(θ*x)').result, 'θ*cos(θ*x)');
  assert.equal(d('π*x^2').result, '2*π*x');
  assert.equal(d('σ_1*x^2').result, '2*σ_1*x');
  // the canonical plain form stays the engine's, and a name written in ASCII stays so
  assert.equal(d('π*x^2').plain, '2*pi*x');
  assert.equal(d('sigma^2*x', 'sigma').result, '2*sigma*x');
});
