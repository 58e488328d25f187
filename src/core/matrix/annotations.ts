// Shape declarations from outside the expression: the CLI's `vars` (JSON) and `--var x:n` specs, and
// annotations in the document near the selection: comments such as `# x: (n,), A: (n, n) symmetric`
// (also after %, // or --) and jaxtyping hints such as `x: Float[Array, "n"]`.
import { InputError } from '../api';
import { Dim } from './shape';
import { Declaration } from './typecheck';

/** A declaration as the CLI and the API take it: `{"shape": ["n", "n"], "props": ["symmetric"]}`. */
export interface MatrixVar { shape: readonly (string | number)[]; props?: readonly string[] }

function dimOf(x: unknown, where: string): Dim {
  if (typeof x === 'number' && Number.isInteger(x) && x > 0) return x;
  if (typeof x === 'string' && /^\d+$/.test(x.trim()) && Number(x) > 0) return Number(x);
  if (typeof x === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(x.trim())) return x.trim();
  throw new InputError(`${where}: a dimension must be a name or a positive whole number, not ${JSON.stringify(x)}`);
}

/** Checks and converts `vars` (as JSON gives it). */
export function declarationsFrom(vars: Readonly<Record<string, MatrixVar>> | undefined): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  if (!vars) return out;
  if (typeof vars !== 'object' || Array.isArray(vars)) throw new InputError('"vars" must be an object of name → {"shape": [...]}');
  for (const [name, v] of Object.entries(vars)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InputError(`'${name}' is not a variable name`);
    if (typeof v !== 'object' || v === null || !Array.isArray(v.shape)) throw new InputError(`vars.${name} needs "shape": [] for a scalar, ["n"] for a vector, ["m", "n"] for a matrix`);
    if (v.shape.length > 2) throw new InputError(`vars.${name}: shapes of more than two dimensions are not supported`);
    const props = v.props ?? [];
    if (!Array.isArray(props) || props.some((p) => p !== 'symmetric')) throw new InputError(`vars.${name}.props: only "symmetric" is known`);
    const shape = v.shape.map((d) => dimOf(d, `vars.${name}`));
    const symmetric = props.includes('symmetric');
    if (symmetric && (shape.length !== 2 || shape[0] !== shape[1])) throw new InputError(`vars.${name}: a symmetric matrix must be square, not ${shape.join('×') || 'scalar'}`);
    out.set(name, { shape, symmetric });
  }
  return out;
}

/** Parses a CLI spec: `x:n`, `A:n,n`, `A:n,n:symmetric`, `c:` or `c:scalar`. */
export function parseVarSpec(spec: string): [string, MatrixVar] {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([^:]*?)\s*(?::\s*([A-Za-z,]+)\s*)?$/.exec(spec);
  if (!m) throw new InputError(`'${spec}' is not a variable spec (x:n, A:m,n, A:n,n:symmetric, c:scalar)`);
  const dims = m[2] === '' || m[2] === 'scalar' ? [] : m[2].replace(/[()\s]/g, '').split(',').filter(Boolean);
  const props = m[3] ? m[3].split(',').filter(Boolean) : [];
  return [m[1], { shape: dims, props }];
}

interface Found { name: string; decl: Declaration; at: number }

/** Annotations anywhere in the document, each with its offset. */
function scan(text: string): Found[] {
  const out: Found[] = [];
  // comments: # x: (n,), A: (n, n) symmetric, c: ()   — also %, //, --
  for (const line of text.matchAll(/(?:#|%|\/\/|--)([^\n]*)/g)) {
    const body = line[1];
    const base = (line.index ?? 0) + line[0].length - body.length;
    for (const m of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(\(([^()]*)\)|scalar)(\s*,?\s*symmetric)?/g)) {
      const dims = m[2] === 'scalar' ? [] : m[3].split(',').map((d) => d.trim()).filter(Boolean);
      try {
        const shape = dims.map((d) => dimOf(d, m[1]));
        if (shape.length > 2) continue;
        const symmetric = Boolean(m[4]) && shape.length === 2 && shape[0] === shape[1];
        out.push({ name: m[1], decl: { shape, symmetric }, at: base + (m.index ?? 0) });
      } catch { /* not a shape annotation */ }
    }
  }
  // jaxtyping: x: Float[Array, "n"], A: Float[np.ndarray, "n n"]
  for (const m of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:\s*\w+\[\s*[\w.]+\s*,\s*["']([^"']*)["']\s*\]/g)) {
    const dims = m[2].trim() === '' ? [] : m[2].trim().split(/[\s,]+/);
    try {
      const shape = dims.map((d) => dimOf(d, m[1]));
      if (shape.length <= 2) out.push({ name: m[1], decl: { shape }, at: m.index ?? 0 });
    } catch { /* not a shape */ }
  }
  return out;
}

/**
 * Declarations from annotations in the document; for a name annotated several times, the one
 * nearest the selection (before it preferred) wins.
 */
export function annotationsIn(documentText: string | undefined, selectionOffset?: number): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  if (!documentText) return out;
  const best = new Map<string, Found>();
  const distance = (f: Found) => (selectionOffset === undefined ? f.at : f.at <= selectionOffset ? selectionOffset - f.at : 2 * (f.at - selectionOffset));
  for (const f of scan(documentText)) {
    const b = best.get(f.name);
    if (!b || distance(f) < distance(b)) best.set(f.name, f);
  }
  for (const [name, f] of best) out.set(name, f.decl);
  return out;
}
