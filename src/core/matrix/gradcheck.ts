// A numpy gradient check a user can paste and run: random inputs of the declared shapes with small
// random dimensions, central differences of the expression against the formula.
import { MExpr, MSym } from './expr';
import { printCode } from './print';
import { isScalar, Shape, splitShortened } from './shape';
import { pythonName } from '../dialects/pythonNames';

export interface GradientCheckInput {
  expr: MExpr;
  /** The formula of each derivative level in numerator layout (level 1 = first derivative). */
  levels: { numpy: string; shape: Shape }[];
  symbols: readonly MSym[];
  wrt: MSym;
  dimNames: readonly string[];
  /** The presented formula is in denominator layout (a transposed Jacobian). */
  denominator: boolean;
  /** Gradient with respect to a symmetric matrix, symmetric convention. */
  symmetric: boolean;
  np: string;
}

const py = (s: Shape) => (s.length === 0 ? '()' : s.length === 1 ? `(${s[0]},)` : `(${s.join(', ')})`);

export function gradientCheckScript(g: GradientCheckInput): string {
  const np = g.np;
  // a name Python reserves (MATLAB's lambda) as Python writes it, lambda_, as the printed formulas do
  const names = g.symbols.map((s) => pythonName(s.name));
  const args = names.join(', ');
  const lines: string[] = [];
  lines.push(np === 'numpy' ? 'import numpy' : `import numpy as ${np}`);
  lines.push('');
  lines.push(`rng = ${np}.random.default_rng(0)`);
  // a slice's length (n-1) follows its vector's; the sizes leave every slice two entries
  const dims = g.dimNames.filter((d) => splitShortened(d)[1] === 0);
  const least = 2 + Math.max(0, ...g.dimNames.map((d) => splitShortened(d)[1]));
  if (dims.length) lines.push(`${dims.join(', ')}${dims.length === 1 ? ',' : ''} = (int(d) for d in rng.integers(${least}, ${least + 4}, size=${dims.length}))  # small random sizes`);
  for (const s of g.symbols) {
    const name = pythonName(s.name);
    if (isScalar(s.shape)) lines.push(`${name} = rng.uniform(0.5, 1.5)`);
    else if (s.shape.length === 2 && s.shape[0] === s.shape[1] && s.shape[0] !== 1) {
      const n = s.shape[0];
      lines.push(s.symmetric
        ? `${name} = rng.uniform(-1, 1, ${py(s.shape)}); ${name} = (${name} + ${name}.T) / 2 + ${n} * ${np}.eye(${n})  # symmetric positive definite`
        : `${name} = rng.uniform(-1, 1, ${py(s.shape)}) + ${n} * ${np}.eye(${n})  # well conditioned`);
    } else {
      const shape = s.shape.length === 2 && s.shape[0] === 1 ? [s.shape[1]] : s.shape;
      lines.push(`${name} = rng.uniform(-1, 1, ${py(shape)})`);
    }
  }
  lines.push('');
  lines.push(`def f(${args}):`);
  lines.push(`    return ${printCode(g.expr, { dialect: 'python', prefix: np })}`);
  g.levels.forEach((l, i) => {
    lines.push('');
    lines.push(`def d${i + 1}(${args}):  # ${i === 0 ? 'the formula' : `derivative of order ${i + 1}`}${i === g.levels.length - 1 && g.denominator ? ' (denominator layout: transposed)' : ''}`);
    lines.push(`    return ${l.numpy}`);
  });
  const k = names.indexOf(pythonName(g.wrt.name));
  lines.push('');
  lines.push(`def numeric(fun, args, k=${k}, h=1e-6):`);
  lines.push(`    """Central differences of fun with respect to args[k], entry by entry (numerator layout)."""`);
  lines.push(`    x = ${np}.array(args[k], dtype=float)`);
  lines.push(`    fx = ${np}.asarray(fun(*args), dtype=float)`);
  lines.push(`    out = ${np}.zeros(fx.shape + x.shape)`);
  lines.push(`    for idx in ${np}.ndindex(x.shape):`);
  lines.push(`        e = ${np}.zeros(x.shape); e[idx] = h`);
  if (g.symmetric) lines.push(`        e = e + e.T - ${np}.diag(${np}.diag(e))  # stay symmetric`);
  lines.push(`        plus = list(args); plus[k] = x + e`);
  lines.push(`        minus = list(args); minus[k] = x - e`);
  lines.push(`        out[(...,) + idx] = (${np}.asarray(fun(*plus)) - ${np}.asarray(fun(*minus))) / (2 * h)`);
  lines.push('    return out');
  lines.push('');
  lines.push(`args = (${args}${names.length === 1 ? ',' : ''})`);
  lines.push('worst = 0.0');
  g.levels.forEach((_, i) => {
    const prev = i === 0 ? 'f' : `d${i}`;
    let formula = `${np}.asarray(d${i + 1}(*args), dtype=float)`;
    if (i === g.levels.length - 1 && g.denominator) formula = `${formula}.T`;
    if (g.symmetric) {
      lines.push(`G = ${formula}`);
      lines.push(`formula = G + ${np}.swapaxes(G, -1, -2) - G * ${np}.eye(G.shape[-1])  # along E_ij + E_ji: G_ij + G_ji`);
    } else lines.push(`formula = ${formula}`);
    lines.push(`num = numeric(${prev}, args)`);
    lines.push(`err = ${np}.max(${np}.abs(formula.reshape(num.shape) - num)) / max(${np}.max(${np}.abs(num)), 1e-12)`);
    lines.push(`print('order ${i + 1}: max relative error', err)`);
    lines.push('worst = max(worst, err)');
  });
  lines.push(`print('OK' if worst < 1e-6 else 'MISMATCH')`);
  // the special functions numpy lacks print as scipy.special's
  if (lines.some((l) => l.includes('scipy.special.'))) lines.splice(1, 0, 'import scipy.special');
  return lines.join('\n') + '\n';
}
