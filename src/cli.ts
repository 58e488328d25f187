// Command-line interface: `derivative-assistant diff …` for one expression, `batch` for JSON Lines.
import { createInterface } from 'node:readline';
import { DIALECTS, Dialect, differentiate, InputError, routeSelection } from './core';
import { differentiateMatrix, MATRIX_DIALECTS, MatrixDialect, MatrixLayout, MatrixVar } from './core/matrix/api';
import { parseVarSpec } from './core/matrix/annotations';

const USAGE = `usage:
  derivative-assistant diff [--wrt VAR] [--order N] [--lang plain|python|javascript|latex|matlab|julia|matrix] [--json] EXPR
  derivative-assistant diff --lang matrix --var 'x:n' --var 'A:n,n[:symmetric]' [--layout numerator|denominator] "x'*A*x" --wrt x
  derivative-assistant batch [--lang L]   (JSON Lines on stdin: {"id","expr","wrt","order","lang","vars","layout"})`;

class UsageError extends Error {}

interface Flags { wrt?: string; order?: number; lang: Lang; json: boolean; positional: string[]; vars?: Record<string, MatrixVar>; layout?: MatrixLayout }

/** A scalar dialect or a matrix one (`matrix` is matrix-only). */
type Lang = Dialect | MatrixDialect;

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { lang: 'plain', json: false, positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--wrt': flags.wrt = value(); break;
      case '--order': flags.order = parseOrder(value()); break;
      case '--lang': flags.lang = parseDialect(value()); break;
      case '--json': flags.json = true; break;
      case '--var': { const [name, v] = parseVarSpec(value()); (flags.vars ??= {})[name] = v; break; }
      case '--layout': flags.layout = parseLayout(value()); break;
      case '--': flags.positional.push(...argv.slice(i + 1)); i = argv.length; break;
      default:
        if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
        flags.positional.push(a);
    }
  }
  return flags;
}

function parseOrder(text: unknown): number {
  const n = typeof text === 'number' ? text : Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`the order must be a positive whole number, not ${JSON.stringify(text)}`);
  return n;
}

function parseDialect(text: unknown): Lang {
  const all: readonly string[] = [...new Set([...DIALECTS, ...MATRIX_DIALECTS])];
  if (!all.includes(text as string)) throw new UsageError(`unknown language ${JSON.stringify(text)} (expected ${all.join(', ')})`);
  return text as Lang;
}

function parseLayout(text: unknown): MatrixLayout {
  if (text !== 'numerator' && text !== 'denominator') throw new UsageError(`unknown layout ${JSON.stringify(text)} (expected numerator, denominator)`);
  return text;
}

/** The matrix notation when the core routes the case to the matrix engine (as it does everywhere), else undefined. */
function matrixDialectOf(expr: string, lang: Lang, vars: Record<string, MatrixVar> | undefined, layout?: unknown): MatrixDialect | undefined {
  const route = routeSelection(expr, lang, { ...(vars !== undefined ? { vars } : {}), ...(layout !== undefined ? { layout: layout as MatrixLayout } : {}) });
  return route.engine === 'matrix' ? route.dialect : undefined;
}

function runDiff(flags: Flags): void {
  if (flags.positional.length !== 1) throw new UsageError('diff takes exactly one expression');
  const expr = flags.positional[0];
  const matrixDialect = matrixDialectOf(expr, flags.lang, flags.vars, flags.layout);
  if (matrixDialect) {
    const m = differentiateMatrix(expr, { dialect: matrixDialect, wrt: flags.wrt, order: flags.order, vars: flags.vars, layout: flags.layout, explain: flags.json });
    if (flags.json) {
      const { ms: _ms, ...rest } = m;
      process.stdout.write(JSON.stringify(rest) + '\n');
    } else {
      if (m.kind === 'tensor') throw new InputError(`${m.note}: ${m.einsum}`);
      process.stdout.write(m.result + '\n');
      if (!m.verified) process.stderr.write(`warning: not verified numerically: ${m.verification.reason}\n`);
    }
    return;
  }
  const r = differentiate(expr, { dialect: flags.lang as Dialect, wrt: flags.wrt, order: flags.order, explain: flags.json });
  if (flags.json) {
    const { result, plain, latex, wrt, order, verified, verification, steps, warnings } = r;
    process.stdout.write(JSON.stringify({ result, plain, latex, wrt, order, verified, verification, steps, ...(warnings ? { warnings } : {}) }) + '\n');
  } else {
    process.stdout.write(r.result + '\n');
    for (const w of r.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
    if (!r.verified) process.stderr.write(`warning: not verified numerically: ${r.verification.reason}\n`);
  }
}

/** One JSON line in, one out; a failing case never stops the batch. */
function batchLine(line: string, defaultLang: Lang): string {
  let id: unknown = null;
  try {
    let c: Record<string, unknown>;
    try { c = JSON.parse(line); } catch { throw new InputError('the line is not valid JSON'); }
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new InputError('each line must be a JSON object');
    id = c.id ?? null;
    if (typeof c.expr !== 'string') throw new InputError('"expr" (a string) is required');
    if (c.wrt !== undefined && typeof c.wrt !== 'string') throw new InputError('"wrt" must be a string');
    const lang = c.lang === undefined ? defaultLang : parseDialect(c.lang);
    const order = c.order === undefined ? 1 : parseOrder(c.order);
    const vars = c.vars === undefined ? undefined : c.vars as Record<string, MatrixVar>;
    const matrixDialect = matrixDialectOf(c.expr, lang, vars, c.layout);
    if (matrixDialect) {
      const layout = c.layout === undefined ? undefined : parseLayout(c.layout);
      const m = differentiateMatrix(c.expr, { dialect: matrixDialect, wrt: c.wrt as string | undefined, order, vars, layout, explain: false });
      if (m.kind === 'tensor') throw new InputError(`${m.note}: ${m.einsum}`);
      return JSON.stringify({ id, ok: true, result: m.result, numpy: m.numpy, latex: m.latex, kind: m.kind, layout: m.layout, verified: m.verified, ms: round(m.ms) });
    }
    const r = differentiate(c.expr, { dialect: lang as Dialect, wrt: c.wrt as string | undefined, order, explain: false });
    return JSON.stringify({ id, ok: true, result: r.result, plain: r.plain, latex: r.latex, verified: r.verified, ...(r.warnings ? { warnings: r.warnings } : {}), ms: round(r.ms) });
  } catch (e) {
    return JSON.stringify({ id, ok: false, error: (e as Error).message });
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

async function runBatch(flags: Flags): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    process.stdout.write(batchLine(line, flags.lang) + '\n');
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') { process.stdout.write(USAGE + '\n'); return 0; }
    if (command === 'diff') runDiff(parseFlags(rest));
    else if (command === 'batch') await runBatch(parseFlags(rest));
    else throw new UsageError(command ? `unknown command '${command}'` : 'a command is required');
    return 0;
  } catch (e) {
    const message = e instanceof UsageError ? `${e.message}\n${USAGE}` : (e as Error).message;
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
