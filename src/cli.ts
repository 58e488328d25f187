// Command-line interface: `derivative-assistant diff …` for one expression, `batch` for JSON Lines.
import { createInterface } from 'node:readline';
import { DIALECTS, differentiate, InputError, Notation } from './core';
import { MATRIX_DIALECTS, MatrixLayout, MatrixVar } from './core/matrix/api';
import { parseVarSpec } from './core/matrix/annotations';
import { batchLineWithOp, CALCULUS_USAGE, CalculusVerb, isCalculusVerb, jsonOutput, runOperation, textOutput } from './cliCalculus';
import { functionParameters, lineBelow, splitSelection } from './extension/insertion';

const USAGE = `usage:
  derivative-assistant diff [--wrt VAR] [--order N] [--lang plain|python|javascript|latex|matlab|julia|c|matrix] [--json] EXPR
  derivative-assistant diff --lang matrix --var 'x:n' --var 'A:n,n[:symmetric]' [--layout numerator|denominator] "x'*A*x" --wrt x
  derivative-assistant batch [--lang L]   (JSON Lines on stdin: {"id","expr","wrt","order","lang","vars","layout"})
${CALCULUS_USAGE}`;

class UsageError extends Error {}

interface Flags { wrt?: string; order?: number; lang: Lang; json: boolean; positional: string[]; vars?: Record<string, MatrixVar>; layout?: MatrixLayout; at?: string; of?: string; from?: string; to?: string }

/** A dialect, or MatrixCalculus.org's notation (`matrix`, always matrix calculus). */
type Lang = Notation;

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
      case '--at': flags.at = value(); break;
      case '--of': flags.of = value(); break;
      case '--from': flags.from = value(); break;
      case '--to': flags.to = value(); break;
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

/** Shapes (--var) or a layout ask for matrix calculus; otherwise the core decides from the expression. */
function options(lang: Lang, wrt: string | undefined, order: number | undefined, vars: Record<string, MatrixVar> | undefined, layout: MatrixLayout | undefined, explain: boolean) {
  return { dialect: lang, wrt, order, explain, ...(vars !== undefined ? { vars } : {}), ...(layout !== undefined ? { layout, matrix: true } : {}) };
}

/**
 * A function written as an expression (`lambda x: …`, `@(x) …`, `(x) => …`, Julia's `x -> …` and `f(x) = …`),
 * read as the extension reads a selection (insertion.ts): its body, its one parameter (the variable unless
 * --wrt names another), and how the derivative is written back, a function of the same parameters.
 */
function functionWritten(source: string, lang: Lang): { body: string; parameter?: string; write: (result: string, wrt: string, order: number) => string } | undefined {
  if (lang === 'matrix') return undefined;
  const parts = splitSelection(source, lang);
  const fn = parts.function;
  if (!fn) return undefined;
  const names = functionParameters(fn);
  const { assignment } = parts;
  return {
    body: parts.expression,
    ...(names.length === 1 ? { parameter: names[0] } : {}),
    // named (f = lambda x: …): the line the extension inserts below it, df_dx = lambda x: …; else the head and the result
    write: (result, wrt, order) => (assignment
      ? lineBelow({ style: lang, lines: [source], start: { line: 0, character: parts.start }, end: { line: 0, character: parts.end }, assignment, derivative: { result, wrt, order, operandLatex: '' } }).text
      : `${fn.head ?? ''}${result}`),
  };
}

function runDiff(flags: Flags): void {
  if (flags.positional.length !== 1) throw new UsageError('diff takes exactly one expression');
  const fn = functionWritten(flags.positional[0], flags.lang);
  const r = differentiate(fn?.body ?? flags.positional[0], options(flags.lang, flags.wrt ?? fn?.parameter, flags.order, flags.vars, flags.layout, flags.json));
  if (flags.json) {
    if (r.matrix) {
      const { ms: _ms, ...rest } = r.matrix.detail;
      process.stdout.write(JSON.stringify({ ...rest, ...(r.warnings ? { warnings: r.warnings } : {}) }) + '\n');
    } else {
      const { result, plain, latex, wrt, order, verified, verification, steps, warnings } = r;
      process.stdout.write(JSON.stringify({ result, plain, latex, wrt, order, verified, verification, steps, ...(warnings ? { warnings } : {}) }) + '\n');
    }
    return;
  }
  if (r.matrix?.kind === 'tensor') throw new InputError(`${r.matrix.detail.note}: ${r.matrix.detail.result}`);
  // repeated subexpressions named: their definitions, one a line, then the result in terms of them (runs as written)
  const code = r.matrix?.detail.named?.code ?? r.result;
  process.stdout.write((fn && !r.matrix?.detail.named ? fn.write(code, r.wrt, r.order) : code) + '\n');
  for (const w of r.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
  if (!r.verified) process.stderr.write(`warning: not verified numerically: ${r.verification.reason}\n`);
}

/** A calculus verb: the answer on stdout (one line per result), warnings on stderr; --json prints the whole result. */
function runCalculusVerb(verb: CalculusVerb, flags: Flags): void {
  if (flags.positional.length !== 1) throw new UsageError(`${verb} takes exactly one expression`);
  const result = runOperation(verb, flags.positional[0], { lang: flags.lang, wrt: flags.wrt, at: flags.at, order: flags.order, of: flags.of, from: flags.from, to: flags.to, vars: flags.vars });
  if (flags.json) { process.stdout.write(jsonOutput(verb, result) + '\n'); return; }
  const { lines, warnings } = textOutput(verb, result);
  process.stdout.write(lines.join('\n') + '\n');
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
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
    const layout = c.layout === undefined ? undefined : parseLayout(c.layout);
    const r = differentiate(c.expr, options(lang, c.wrt as string | undefined, order, vars, layout, false));
    const warnings = r.warnings ? { warnings: r.warnings } : {};
    if (r.matrix) {
      if (r.matrix.kind === 'tensor') throw new InputError(`${r.matrix.detail.note}: ${r.matrix.detail.result}`);
      const named = r.matrix.detail.named ? { named: r.matrix.detail.named } : {};
      return JSON.stringify({ id, ok: true, result: r.result, numpy: r.matrix.numpy, latex: r.latex, kind: r.matrix.kind, layout: r.matrix.layout, verified: r.verified, ...named, ...warnings, ms: round(r.ms) });
    }
    return JSON.stringify({ id, ok: true, result: r.result, plain: r.plain, latex: r.latex, verified: r.verified, ...warnings, ms: round(r.ms) });
  } catch (e) {
    return JSON.stringify({ id, ok: false, error: (e as Error).message });
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

async function runBatch(flags: Flags): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    process.stdout.write(batchLineWithOp(line, (l) => batchLine(l, flags.lang), parseDialect, flags.lang) + '\n');
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--help' || command === '-h' || command === 'help') { process.stdout.write(USAGE + '\n'); return 0; }
    if (command === 'diff') runDiff(parseFlags(rest));
    else if (command === 'batch') await runBatch(parseFlags(rest));
    else if (isCalculusVerb(command)) runCalculusVerb(command, parseFlags(rest));
    else throw new UsageError(command ? `unknown command '${command}'` : 'a command is required');
    return 0;
  } catch (e) {
    const message = e instanceof UsageError ? `${e.message}\n${USAGE}` : (e as Error).message;
    process.stderr.write(`error: ${message.split('\n')[0]}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
