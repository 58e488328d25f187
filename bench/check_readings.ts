// Readings judged by the languages themselves (issue 10).
//
//   npm run bench:readings [-- --json FILE] [--lang matlab]
//
// For every case of test/corpus/readings/*.jsonl:
//   reading  the engine's reading (analyze → `plain`) is evaluated at random points and
//            compared with the language's own value there: python3 + numpy for Python, node for
//            JavaScript, GNU Octave for MATLAB, gcc (g++ for std::) for C; for Julia, LaTeX and plain math (no runtime here) with
//            the case's stated `reading`, which cites the manual's rule. A case the language rejects
//            (`refuse`) must be refused by the engine with an InputError.
//   printed  the printed derivative (differentiate → `result`) runs in the same runtime and
//            must equal the engine's own derivative (`plain`); MATLAB results run with each variable a
//            row vector (as linspace makes it), so they must be element-wise. Julia, LaTeX and plain
//            results are read back by the engine in their notation. (Not yet for matrix cases.)
//   matrix   cases with `matrices` (function meaning on arrays: norm(W, 1), np.inner, Julia exp(X)):
//            the engine's matrix notation is run by Octave with its dimensions sized; Julia and LaTeX
//            state their meaning as MATLAB code (`octaveReading`).
//   corpus   the case itself: the language must accept it (or reject it when `refuse`) and agree with
//            its stated `reading`; a corpus error is a bad case, not an engine failure.
// Plain readings are evaluated by bench/readings_python.py through the strict plain grammar of
// bench/plain_sympy.py, independently of the engine's own reader.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyze, Dialect, differentiate, InputError } from '../src/core';

const ROOT = path.resolve(__dirname, '..');
export const CORPUS_DIR = path.join(ROOT, 'test/corpus/readings');
const POINTS = 6;
const TOLERANCE = 1e-8;

/** Where a variable is sampled: a named range or [low, high]. */
export type Range = 'positive' | 'real' | 'unit' | 'above1' | [number, number];
const RANGES: Record<Exclude<Range, [number, number]>, [number, number]> = {
  positive: [0.3, 2.5], real: [-2.5, 2.5], unit: [-0.9, 0.9], above1: [1.2, 3],
};

export interface ReadingCase {
  id: string;
  lang: Dialect;
  /** What the case is about, to group failures: 'power associativity', 'unary minus', … */
  topic: string;
  expr: string;
  /** Variables as the code names them, with their sampling ranges. */
  vars: Record<string, Range>;
  /** The language itself rejects the selection: the engine must refuse it. */
  refuse: boolean;
  /** Expected reading in the strict plain grammar (bench/plain_sympy.py); the judge for Julia, LaTeX, plain. */
  reading?: string;
  /** The manual's rule behind `reading` (Julia, LaTeX, plain). */
  rule?: string;
  /** Document text before the selection (imports). */
  context?: string;
  /** Differentiation variable (default: the first of `vars`). */
  wrt?: string;
  /** The variable an assignment selection assigns (read back by the runtime). */
  assign?: string;
  /** With `refuse`: the language runs it, but it means something the engine must not answer for (bitwise XOR). */
  languageAccepts?: boolean;
  /** A reading a person may not have meant (`xy`): another reading passes when the engine warns about it. */
  warnable?: boolean;
  /** Vector and matrix variables and their sizes ([3] a column, [3, 3] a matrix), random entries. */
  matrices?: Record<string, number[]>;
  /** Matrices drawn symmetric positive definite (for log, sqrt of a matrix). */
  spd?: string[];
  /** Matrix cases without a runtime: the expected value as MATLAB code, run by Octave. */
  octaveReading?: string;
  /** The engine may refuse it (a matrix function it cannot differentiate), but never answer for another. */
  mayRefuse?: boolean;
}

export interface Check { pass: boolean; detail: string }

export interface Outcome {
  case: ReadingCase;
  engine: { reading?: string; refused?: string; derivative?: string; printed?: string; printedReading?: string };
  reading: Check;
  /** Absent for refused cases. */
  printed?: Check;
  /** Set when the case itself is wrong. */
  corpus?: string;
  pass: boolean;
}

export interface LanguageSummary { lang: Dialect; cases: number; readingPass: number; printedCases: number; printedPass: number; pass: number }

export interface Report { outcomes: Outcome[]; languages: LanguageSummary[]; runtimes: Runtimes }

// ── corpus ──────────────────────────────────────────────────────────────────

export function loadCorpus(dir = CORPUS_DIR): ReadingCase[] {
  const cases: ReadingCase[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    readFileSync(path.join(dir, file), 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        cases.push(JSON.parse(line) as ReadingCase);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: ${(err as Error).message}`);
      }
    });
  }
  return cases;
}

function seededRandom(text: string): () => number {
  let s = 2166136261;
  for (const ch of text) s = Math.imul(s ^ ch.charCodeAt(0), 16777619) >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 4294967296; };
}

type Value = number | number[] | number[][];
type Point = Record<string, Value>;

function samplePoints(c: ReadingCase): Point[] {
  const rand = seededRandom(c.id);
  return Array.from({ length: POINTS }, () => {
    const p: Point = {};
    for (const [name, range] of Object.entries(c.vars)) {
      const [lo, hi] = Array.isArray(range) ? range : RANGES[range];
      if (!(lo < hi)) throw new Error(`${c.id}: bad range for ${name}`);
      // rounded so every runtime reads the same decimal
      p[name] = Number((lo + (hi - lo) * rand()).toPrecision(12));
    }
    for (const [name, size] of Object.entries(c.matrices ?? {})) p[name] = randomMatrix(size, c.spd?.includes(name) ?? false, rand);
    return p;
  });
}

function randomMatrix(size: number[], spd: boolean, rand: () => number): Value {
  const entry = () => Number((2 * rand() - 1).toPrecision(12));
  if (size.length === 1) return Array.from({ length: size[0] }, entry);
  const m = Array.from({ length: size[0] }, () => Array.from({ length: size[1] }, entry));
  if (!spd) return m;
  // B Bᵀ + n I: symmetric positive definite, so log and sqrt of it are real
  return m.map((row, i) => m.map((other, j) => Number((row.reduce((acc, v, k) => acc + v * other[k], 0) + (i === j ? size[0] : 0)).toPrecision(12))));
}

/** The point with the names a plain reading may use: Python's `lambda_` is the engine's `lambda`. */
function plainNames(p: Point): Point {
  const out: Point = { ...p };
  for (const [n, v] of Object.entries(p)) if (n.endsWith('_') && !(n.slice(0, -1) in out)) out[n.slice(0, -1)] = v;
  return out;
}

// ── runtimes ────────────────────────────────────────────────────────────────

export interface Runtimes { python: string; node: string; octave: string; gcc: string; gxx: string }
interface Job { id: string; kind?: 'python' | 'plain'; code: string; context?: string; points: Point[]; vector?: boolean; matrix?: boolean; assign?: string }
interface Answer { id: string; status: 'ok' | 'syntax' | 'error'; message: string; values: (number | null)[] }

/** The interpreters, or an Error that says what is missing and how to get it. */
export async function findRuntimes(): Promise<Runtimes> {
  // plain JavaScript modules shared with the end-to-end setup
  const { pythonWithNumpy } = (await import('../scripts/tools.mjs' as string)) as { pythonWithNumpy: () => string | undefined };
  const { ensureOctave } = (await import('../scripts/octave.mjs' as string)) as { ensureOctave: () => string };
  const { ensureCompilers } = (await import('../scripts/compilers.mjs' as string)) as { ensureCompilers: () => { gcc: string; gxx: string } };
  const problems: string[] = [];
  const python: string | undefined = pythonWithNumpy();
  if (!python) problems.push('python3 with numpy is missing (Debian: apt-get install python3-numpy python3-sympy)');
  else {
    const sympy = spawnSync(python, ['-c', 'import sympy'], { encoding: 'utf8' });
    if (sympy.status !== 0) problems.push(`${python} cannot import sympy, which bench/plain_sympy.py needs (apt-get install python3-sympy, or pip install sympy)`);
  }
  let octave: string | undefined;
  try {
    octave = ensureOctave();
  } catch (err) {
    problems.push(`GNU Octave is missing: ${(err as Error).message}`);
  }
  let compilers: { gcc: string; gxx: string } | undefined;
  try {
    compilers = ensureCompilers();
  } catch (err) {
    problems.push(`gcc and g++ are missing: ${(err as Error).message}`);
  }
  if (problems.length) throw new Error(`the reading tests need the languages themselves:\n  - ${problems.join('\n  - ')}`);
  return { python: python!, node: process.execPath, octave: octave!, ...compilers! };
}

function runProcess(cmd: string, args: string[], outFile?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { if (!outFile) stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      // a runtime that fails says why (its output is not an answer)
      if (!outFile && code !== 0) return reject(new Error(`${path.basename(cmd)} exited with ${code}: ${stderr.slice(0, 2000)}`));
      try {
        resolve(outFile ? readFileSync(outFile, 'utf8') : stdout);
      } catch {
        reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${code} and no answer: ${stderr.slice(0, 2000)}`));
      }
    });
  });
}

async function runAll(runtimes: Runtimes, jobs: { python: Job[]; javascript: Job[]; octave: Job[]; c: Job[] }): Promise<Map<string, Answer>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'readings-'));
  try {
    const file = (name: string, jobsOf: Job[]) => { const f = path.join(dir, name); writeFileSync(f, JSON.stringify(jobsOf)); return f; };
    const octaveOut = path.join(dir, 'octave-answers.json');
    const texts = await Promise.all([
      runProcess(runtimes.python, [path.join(ROOT, 'bench/readings_python.py'), file('python.json', jobs.python)]),
      runProcess(runtimes.node, [path.join(ROOT, 'bench/readings_javascript.mjs'), file('javascript.json', jobs.javascript)]),
      jobs.c.length ? runProcess(runtimes.node, [path.join(ROOT, 'bench/readings_c.mjs'), file('c.json', jobs.c), runtimes.gcc, runtimes.gxx]) : Promise.resolve('[]'),
      jobs.octave.length
        ? runProcess(runtimes.octave, ['--no-gui', '--no-window-system', '--norc', '--quiet', path.join(ROOT, 'bench/readings_octave.m'), file('octave.json', jobs.octave), octaveOut], octaveOut)
        : Promise.resolve('[]'),
    ]);
    const answers = new Map<string, Answer>();
    for (const text of texts) for (const a of JSON.parse(text) as Answer[]) answers.set(a.id, { ...a, values: (a.values ?? []).map((v) => (typeof v === 'number' ? v : null)) });
    return answers;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ── the engine ──────────────────────────────────────────────────────────────

interface EngineView {
  reading?: string;
  /** Each symbol's shape as the engine typed it (`n×m`), to give its dimensions their sizes. */
  shapes: Record<string, string>;
  /** The reading is matrix notation (the matrix engine read it): evaluated by Octave. */
  matrix: boolean;
  dims: string[];
  refused?: string;
  crashed?: string;
  /** Warnings the analysis carries (issue 10 asks for a `warnings` field). */
  warnings: string[];
  derivative?: string;
  printed?: string;
  derivativeError?: string;
  /** Julia, LaTeX, plain: the printed result read back in its notation. */
  printedReading?: string;
  printedReadingError?: string;
  printedMatrix?: boolean;
}

const RUNTIME_LANGS: ReadonlySet<Dialect> = new Set(['python', 'javascript', 'matlab', 'c']);

function dimsOf(shapes: Record<string, string> | undefined): string[] {
  const dims = new Set<string>();
  for (const s of Object.values(shapes ?? {})) for (const d of s.split(/[×x]/)) if (/^[A-Za-z_]\w*$/.test(d) && d !== 'scalar') dims.add(d);
  return [...dims];
}

/** Sizes of the engine's dimension names: from the case's matrices, 1 for scalar cases. */
function dimensionSizes(engine: EngineView, c: ReadingCase): Record<string, number> {
  const sizes: Record<string, number> = Object.fromEntries(engine.dims.map((d) => [d, 1]));
  for (const [name, shape] of Object.entries(engine.shapes)) {
    const size = c.matrices?.[name];
    if (!size) continue;
    shape.split(/[×x]/).forEach((d, i) => { if (d in sizes && size[i] !== undefined) sizes[d] = size[i]; });
  }
  return sizes;
}

function askEngine(c: ReadingCase): EngineView {
  const view: EngineView = { matrix: false, dims: [], warnings: [], shapes: {} };
  const context = { documentText: c.context };
  try {
    const a = analyze(c.expr, c.lang, context);
    view.reading = a.plain;
    view.matrix = a.shapes !== undefined;
    view.dims = dimsOf(a.shapes);
    view.shapes = a.shapes ?? {};
    view.warnings = (a as { warnings?: string[] }).warnings ?? [];
  } catch (err) {
    if (err instanceof InputError) view.refused = err.message;
    else view.crashed = `${(err as Error).name}: ${(err as Error).message}`;
    return view;
  }
  if (c.refuse || c.matrices) return view;
  try {
    const d = differentiate(c.expr, { dialect: c.lang, documentText: c.context, wrt: c.wrt ?? Object.keys(c.vars)[0], explain: false, timeBudgetMs: 2000 });
    view.derivative = d.plain;
    view.printed = d.result;
    view.printedMatrix = d.matrix !== undefined;
  } catch (err) {
    view.derivativeError = `${(err as Error).name}: ${(err as Error).message}`;
    return view;
  }
  if (!RUNTIME_LANGS.has(c.lang)) {
    try {
      const back = analyze(view.printed!, c.lang, context);
      view.printedReading = back.plain;
      view.dims = [...new Set([...view.dims, ...dimsOf(back.shapes)])];
    } catch (err) {
      view.printedReadingError = `${(err as Error).name}: ${(err as Error).message}`;
    }
  }
  return view;
}

// ── judging ─────────────────────────────────────────────────────────────────

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? 'undefined' : Number(v.toPrecision(10)).toString());
const at = (p: Point) => Object.entries(p).map(([n, v]) => (typeof v === 'number' ? `${n}=${v}` : `${n} random ${Array.isArray(v[0]) ? `${v.length}×${(v[0] as number[]).length}` : v.length}`)).join(', ');

/** Compares values where both are defined; needs `min` such points. */
function compareValues(points: Point[], truth: (number | null)[], got: (number | null)[], what: string, min = 3): Check {
  let compared = 0;
  for (let i = 0; i < points.length; i++) {
    const t = truth[i], g = got[i];
    if (t === null || t === undefined || g === null || g === undefined) continue;
    compared++;
    if (!close(t, g)) return { pass: false, detail: `at ${at(points[i])}: ${what} ${fmt(g)}, expected ${fmt(t)}` };
  }
  if (compared < min) {
    const defined = truth.filter((t) => t !== null && t !== undefined).length;
    return { pass: false, detail: defined >= min ? `${what} is undefined where the language is defined (${compared} of ${defined} points)` : `too few points where the language is defined (${defined})` };
  }
  return { pass: true, detail: `agrees at ${compared} points` };
}

function describeAnswer(a: Answer | undefined): string {
  if (!a) return 'no answer';
  return `${a.status}: ${a.message.split('\n').filter(Boolean).slice(0, 2).join(' ')}`;
}

/** Runs the corpus against the languages and the engine. Throws when a runtime is missing. */
export async function checkReadings(options: { cases?: ReadingCase[]; langs?: Dialect[] } = {}): Promise<Report> {
  const runtimes = await findRuntimes();
  let cases = options.cases ?? loadCorpus();
  if (options.langs) cases = cases.filter((c) => options.langs!.includes(c.lang));

  const jobs = { python: [] as Job[], javascript: [] as Job[], octave: [] as Job[], c: [] as Job[] };
  const planned = cases.map((c) => {
    const points = samplePoints(c);
    const engine = askEngine(c);
    const plainPoints = points.map(plainNames);
    const plainJob = (role: string, code: string) => jobs.python.push({ id: `${c.id}:${role}`, kind: 'plain', code, points: plainPoints });
    // a matrix reading of scalar variables: Octave evaluates the matrix notation, every dimension 1
    const matrixJob = (role: string, code: string) => jobs.octave.push({ id: `${c.id}:${role}`, code, matrix: true, points: plainPoints.map((p) => ({ ...p, ...dimensionSizes(engine, c) })) });
    const runtimeJob = (role: string, code: string, vector = false) => {
      const job: Job = { id: `${c.id}:${role}`, code, points, ...(c.assign ? { assign: c.assign } : {}) };
      if (c.lang === 'python') jobs.python.push({ ...job, kind: 'python', context: c.context ?? '' });
      else if (c.lang === 'javascript') jobs.javascript.push(job);
      else if (c.lang === 'c') jobs.c.push(job);
      else jobs.octave.push({ ...job, vector });
    };
    if (RUNTIME_LANGS.has(c.lang)) runtimeJob('language', c.expr);
    if (c.reading !== undefined) plainJob('expected', c.reading);
    if (c.octaveReading !== undefined) jobs.octave.push({ id: `${c.id}:expected`, code: c.octaveReading, points });
    if (engine.reading !== undefined && !c.refuse) (engine.matrix ? matrixJob : plainJob)('engine', engine.reading);
    if (engine.derivative !== undefined) {
      (engine.printedMatrix ? matrixJob : plainJob)('derivative', engine.derivative);
      if (RUNTIME_LANGS.has(c.lang)) {
        // the printed result is an expression, even for an assignment selection
        const printedJob: Job = { id: `${c.id}:printed`, code: engine.printed!, points };
        if (c.lang === 'python') jobs.python.push({ ...printedJob, kind: 'python', context: c.context ?? '' });
        else if (c.lang === 'javascript') jobs.javascript.push(printedJob);
        else if (c.lang === 'c') jobs.c.push(printedJob);
        else jobs.octave.push({ ...printedJob, vector: true });
      } else if (engine.printedReading !== undefined) {
        (engine.printedMatrix ? matrixJob : plainJob)('printedReading', engine.printedReading);
      }
    }
    return { c, points, engine };
  });

  const answers = await runAll(runtimes, jobs);
  const outcomes = planned.map(({ c, points, engine }) => judge(c, points, engine, (role) => answers.get(`${c.id}:${role}`)));
  return { outcomes, languages: summarize(outcomes), runtimes };
}

function judge(c: ReadingCase, points: Point[], engine: EngineView, answer: (role: string) => Answer | undefined): Outcome {
  const hasRuntime = RUNTIME_LANGS.has(c.lang);
  const language = hasRuntime ? answer('language') : undefined;
  const expected = c.reading !== undefined || c.octaveReading !== undefined ? answer('expected') : undefined;
  let corpus: string | undefined;
  const engineView = { reading: engine.reading, refused: engine.refused ?? engine.crashed, derivative: engine.derivative, printed: engine.printed, printedReading: engine.printedReading };

  if (expected && expected.status !== 'ok') corpus = `the stated reading does not evaluate: ${describeAnswer(expected)}`;
  if (!hasRuntime && !c.refuse && c.reading === undefined && c.octaveReading === undefined) corpus = 'no runtime and no stated reading';
  if (!hasRuntime && c.refuse && !c.rule) corpus = 'a refusal without a runtime cites the rule';
  if (!hasRuntime && !c.refuse && !c.rule) corpus = 'a stated reading without a runtime cites the rule';

  if (c.refuse) {
    if (hasRuntime && language?.status === 'ok' && !c.languageAccepts) corpus = `marked refuse, but ${c.lang} runs it`;
    if (hasRuntime && language?.status !== 'ok' && c.languageAccepts) corpus = `marked languageAccepts, but ${c.lang} rejects it: ${describeAnswer(language)}`;
    const reading: Check = engine.refused !== undefined
      ? { pass: true, detail: `refused: ${engine.refused}` }
      : engine.crashed !== undefined
        ? { pass: false, detail: `internal error instead of a refusal: ${engine.crashed}` }
        : { pass: false, detail: `answered (read as ${engine.reading}) although ${c.languageAccepts ? `${c.lang} means something else by it` : `${c.lang} rejects it${language ? ` (${describeAnswer(language)})` : ''}`}` };
    return { case: c, engine: engineView, reading, ...(corpus ? { corpus } : {}), pass: reading.pass && !corpus };
  }

  let truth: (number | null)[] = [];
  if (hasRuntime) {
    if (language?.status !== 'ok') corpus = `${c.lang} rejects it: ${describeAnswer(language)}`;
    else {
      truth = language.values;
      if (expected?.status === 'ok') {
        const agree = compareValues(points, truth, expected.values, 'the stated reading');
        if (!agree.pass) corpus = `the stated reading ${c.reading} disagrees with ${c.lang}: ${agree.detail}`;
      }
    }
  } else if (expected?.status === 'ok') truth = expected.values;

  let reading: Check;
  if (engine.refused !== undefined && c.mayRefuse) reading = { pass: true, detail: `refused (allowed: it never answers for another function): ${engine.refused}` };
  else if (engine.refused !== undefined) reading = { pass: false, detail: `refused valid ${c.lang}: ${engine.refused}` };
  else if (engine.crashed !== undefined) reading = { pass: false, detail: `internal error: ${engine.crashed}` };
  else {
    const mine = answer('engine');
    if (mine?.status !== 'ok') reading = { pass: false, detail: `read as ${engine.reading}, which cannot be evaluated with the language's variables (${[...Object.keys(c.vars), ...Object.keys(c.matrices ?? {})].join(', ')}): ${describeAnswer(mine)}` };
    else {
      const cmp = compareValues(points, truth, mine.values, 'the reading gives');
      const means = c.reading ?? c.octaveReading;
      reading = cmp.pass ? { pass: true, detail: `read as ${engine.reading}` } : { pass: false, detail: `read as ${engine.reading}${means ? `, the language means ${means}` : ''}: ${cmp.detail}` };
    }
  }

  let printed: Check | undefined;
  if (!reading.pass && c.warnable && engine.warnings.length) {
    // answered another way, but said so: its derivative is of that other reading
    reading = { pass: true, detail: `read as ${engine.reading}, with the warning: ${engine.warnings.join('; ')}` };
    printed = { pass: true, detail: 'not judged: the reading is one the engine warned about' };
  } else if (engine.refused === undefined && engine.crashed === undefined && !c.matrices) printed = judgePrinted(c, points, engine, truth, answer);
  const pass = reading.pass && (printed?.pass ?? true) && !corpus;
  return { case: c, engine: engineView, reading, ...(printed ? { printed } : {}), ...(corpus ? { corpus } : {}), pass };
}

function judgePrinted(c: ReadingCase, points: Point[], engine: EngineView, truth: (number | null)[], answer: (role: string) => Answer | undefined): Check {
  if (engine.derivativeError) return { pass: false, detail: `no derivative: ${engine.derivativeError}` };
  const reference = answer('derivative');
  if (reference?.status !== 'ok') return { pass: false, detail: `the engine's derivative ${engine.derivative} cannot be evaluated: ${describeAnswer(reference)}` };
  // where the input is defined for the language and the derivative for the engine
  const refValues = reference.values.map((v, i) => (truth[i] === null || truth[i] === undefined ? null : v));
  if (c.lang === 'julia') {
    const ambiguous = /(^|[^\w.])\d+\.[*/^\\]/.exec(engine.printed!);
    if (ambiguous) return { pass: false, detail: `printed ${engine.printed}: '${ambiguous[0].trim()}' is a Julia syntax error (write a space or 1.0)` };
  }
  if (RUNTIME_LANGS.has(c.lang)) {
    const run = answer('printed');
    const how = c.lang === 'matlab' ? ' with the variables as vectors' : '';
    if (run?.status !== 'ok') return { pass: false, detail: `printed ${engine.printed} fails in ${c.lang}${how}: ${describeAnswer(run)}` };
    return strictCompare(points, refValues, run.values, `printed ${engine.printed}${how} gives`, engine.derivative!);
  }
  if (engine.printedReadingError) return { pass: false, detail: `printed ${engine.printed} is not read back in ${c.lang}: ${engine.printedReadingError}` };
  const back = answer('printedReading');
  if (back?.status !== 'ok') return { pass: false, detail: `printed ${engine.printed} reads back as ${engine.printedReading}, which cannot be evaluated: ${describeAnswer(back)}` };
  return strictCompare(points, refValues, back.values, `printed ${engine.printed} reads back as ${engine.printedReading}, which gives`, engine.derivative!);
}

/** Where the reference is defined, the printed result must be defined and equal. */
function strictCompare(points: Point[], reference: (number | null)[], got: (number | null)[], what: string, derivative: string): Check {
  let compared = 0;
  for (let i = 0; i < points.length; i++) {
    const r = reference[i];
    if (r === null || r === undefined) continue;
    compared++;
    const g = got[i];
    if (g === null || g === undefined || !close(r, g)) return { pass: false, detail: `at ${at(points[i])}: ${what} ${fmt(g)}, the derivative ${derivative} is ${fmt(r)}` };
  }
  return compared > 0 ? { pass: true, detail: `agrees at ${compared} points` } : { pass: false, detail: `the derivative ${derivative} is undefined at every point` };
}

function summarize(outcomes: Outcome[]): LanguageSummary[] {
  const langs = [...new Set(outcomes.map((o) => o.case.lang))];
  return langs.map((lang) => {
    const mine = outcomes.filter((o) => o.case.lang === lang);
    const printed = mine.filter((o) => o.printed);
    return {
      lang,
      cases: mine.length,
      readingPass: mine.filter((o) => o.reading.pass && !o.corpus).length,
      printedCases: printed.length,
      printedPass: printed.filter((o) => o.printed!.pass).length,
      pass: mine.filter((o) => o.pass).length,
    };
  });
}

// ── report ──────────────────────────────────────────────────────────────────

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(0)}%` : '-');

export function formatReport(report: Report): string {
  const lines: string[] = [];
  lines.push('lang        cases  reading        printed code runs   both');
  for (const s of report.languages) {
    lines.push(`${s.lang.padEnd(11)} ${String(s.cases).padStart(5)}  ${`${s.readingPass}/${s.cases}`.padStart(7)} ${pct(s.readingPass, s.cases).padStart(5)}  ${`${s.printedPass}/${s.printedCases}`.padStart(9)} ${pct(s.printedPass, s.printedCases).padStart(5)}     ${pct(s.pass, s.cases).padStart(5)}`);
  }
  const total = report.outcomes.length, passed = report.outcomes.filter((o) => o.pass).length;
  lines.push(`all         ${String(total).padStart(5)}  passed ${passed} (${pct(passed, total)})`);
  const corpus = report.outcomes.filter((o) => o.corpus);
  if (corpus.length) {
    lines.push('', `CORPUS ERRORS (${corpus.length}): fix the case, not the engine`);
    for (const o of corpus) lines.push(`  ${o.case.id} ${JSON.stringify(o.case.expr)}: ${o.corpus}`);
  }
  const groups = new Map<string, string[]>();
  for (const o of report.outcomes) {
    if (!o.reading.pass) push(groups, `${o.case.lang} · reading · ${o.case.topic}`, `  ${o.case.id} ${JSON.stringify(o.case.expr)}: ${o.reading.detail}`);
    if (o.printed && !o.printed.pass) push(groups, `${o.case.lang} · printed code · ${o.case.topic}`, `  ${o.case.id} ${JSON.stringify(o.case.expr)}: ${o.printed.detail}`);
  }
  for (const [group, items] of [...groups].sort()) lines.push('', `${group} (${items.length})`, ...items);
  return lines.join('\n');
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

async function main() {
  const args = process.argv.slice(2);
  const langIndex = args.indexOf('--lang');
  const jsonIndex = args.indexOf('--json');
  const report = await checkReadings(langIndex >= 0 ? { langs: [args[langIndex + 1] as Dialect] } : {});
  process.stdout.write(formatReport(report) + '\n');
  if (jsonIndex >= 0) writeFileSync(args[jsonIndex + 1], JSON.stringify(report, null, 1));
  process.exitCode = report.outcomes.every((o) => o.pass) ? 0 : 1;
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
}
