// Inputs the fuzzer found wrong (minimized by hand), replayed by the CI subset through the same
// reference so each stays fixed once fixed. Add each new finding here with its SymPy form.
import type { FuzzCase } from './generate';

type Finding = Omit<FuzzCase, 'id' | 'styles'> & { why: string };

export const FINDINGS: readonly Finding[] = [
  { why: 'issue 9: even power of a difference with coefficients overflowed the stack', dialect: 'plain', source: '(3*x - 2*y)^2', sympy: '(3*x - 2*y)**2', wrt: 'x', order: 1 },
  { why: 'issue 9: same, inside a function', dialect: 'python', source: 'np.arcsinh(x*b - 4/3*y)', sympy: 'asinh(x*b - Rational(4, 3)*y)', wrt: 'y', order: 3 },
  { why: 'issue 9: same, in a quotient', dialect: 'latex', source: '\\frac{1}{2x - 3y}', sympy: '1/(2*x - 3*y)', wrt: 'y', order: 2 },
  { why: 'pow splits 2^(x + n) and mul merges it back past 16,384 bits: stack overflow', dialect: 'plain', source: '2^(x + 16385)', sympy: 'Integer(2)**(x + 16385)', wrt: 'x', order: 1 },
  { why: 'same, as the fuzzer found it', dialect: 'python', source: '2**((a - 5*x - a)**2 + (3**8)**1.5 - (5*a*x - a - np.tan(x*a)))', sympy: "Integer(2)**((a - 5*x - a)**2 + (Integer(3)**8)**Rational('1.5') - (5*a*x - a - tan(x*a)))", wrt: 'x', order: 1 },
  { why: 'a sum times log base b printed without parentheses', dialect: 'matlab', source: 'sinh((4*a + 1/4)*log2((a*a)*x))', sympy: 'sinh((4*a + Rational(1, 4))*log(a*a*x, 2))', wrt: 'x', order: 1 },
  { why: 'same, in Python', dialect: 'python', source: '(a + 1)*np.log2(x)*x', sympy: '(a + 1)*log(x, 2)*x', wrt: 'x', order: 1 },
  { why: 'LaTeX juxtaposed letters are a product', dialect: 'latex', source: '8kx - 3x^{2} - 9', sympy: '8*k*x - 3*x**2 - 9', wrt: 'x', order: 1 },
  { why: 'LaTeX nested \\left| \\right| bars are unambiguous', dialect: 'latex', source: '\\left|x + \\left|y\\right|\\right|', sympy: 'rabs(x + rabs(y))', wrt: 'x', order: 1 },
  { why: 'csc(π) is 1/0: the expression divides by zero, not a constant', dialect: 'julia', source: '(-2*t - 6*x - 9*t)^4 + cosh(csc(t/x)) + 7*csc(π)^4', sympy: '(-2*t - 6*x - 9*t)**4 + cosh(csc(t/x)) + 7*csc(pi)**4', wrt: 'x', order: 1 },
  { why: 'same, 1/sin(π) in numpy', dialect: 'python', source: '(-0.5 * t - t * x) + 1 / np.sin(np.pi)', sympy: "(-(Rational('0.5'))*t - t*x) + 1/sin(pi)", wrt: 'x', order: 1 },
  { why: '|sign(u)| was folded to sign(u): wrong and verified', dialect: 'javascript', source: 'Math.abs(Math.sign(w*a + w + 3*y*w))*(1/(4*a + 7*w))', sympy: '(rabs(rsign(w*a + w + 3*y*w)))*(1/(4*a + 7*w))', wrt: 'w', order: 2 },
];

export function findingCases(firstId: number): FuzzCase[] {
  return FINDINGS.map(({ why: _why, ...c }, i) => ({ ...c, id: firstId + i, styles: ['finding'] }));
}
