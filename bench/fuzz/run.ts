// The differential fuzzer: seeded cases in every dialect through our engine (in a worker thread, so a
// hang or an out-of-memory is caught and attributed) and through the SymPy reference (a few long-lived
// python processes for the whole run, fed as answers arrive). Used by bench/fuzz.ts and the CI subset.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { DIALECTS, Dialect } from '../../src/core/api';
import { EngineOutcome, messageKey } from './engine';
import { FuzzCase, makeCase } from './generate';

export const CATEGORIES = ['correct', 'wrong', 'wrong-but-verified', 'refused', 'internal-error', 'over-budget', 'misprinted', 'undecided', 'nowhere-real', 'reference-error'] as const;
export type Category = (typeof CATEGORIES)[number];
/** Categories the goal says must be empty (refusals are judged separately: see JUSTIFIED_REFUSALS). */
export const FAILURES: readonly Category[] = ['wrong', 'wrong-but-verified', 'internal-error', 'over-budget', 'misprinted'];

/**
 * Refusals that are right for some generated input: the generator writes any random tree, so some
 * literally divide by zero (1/(x - x)). Such a refusal is justified only when the reference also finds
 * no point where the input is real and finite. Every other refusal of an expression the generator
 * wrote faithfully in its dialect is a failure (counted in unjustifiedRefusals).
 */
export const JUSTIFIED_REFUSALS: readonly { message: RegExp; why: string }[] = [
  { message: /^the expression divides by zero/, why: 'the input divides by a literal zero, e.g. 1/(x - x)' },
];

/**
 * An answer this much later than the budget counts as over budget: the issue's own bound for every
 * request (budget + 1 s), which leaves room for printing after the deadline and a loaded machine.
 */
export const LATE_GRACE_MS = 1000;

export interface FuzzOptions {
  cases: number;
  seed: number;
  dialects?: readonly Dialect[];
  /** The engine's time budget per case (timeBudgetMs). */
  budgetMs?: number;
  /** A case with no answer after this long is killed (the worker is restarted) and counted over budget. */
  hangMs?: number;
  /** Examples kept per bad category. */
  examples?: number;
  /** Cases run after the generated ones (ids follow them), e.g. findingCases from findings.ts. */
  extraCases?: readonly FuzzCase[];
  /** Python reference processes working in parallel. */
  referenceProcesses?: number;
  /** Called as cases complete, with the report so far (counts only; times and seconds at the end). */
  onProgress?: (done: number, total: number, soFar: FuzzReport) => void;
}

export interface Example {
  category: Category;
  dialect: Dialect;
  input: string;
  wrt: string;
  order: number;
  ours?: string;
  oursPlain?: string;
  readback?: string;
  message?: string;
  expected?: string;
  detail?: string;
  verified?: boolean;
  defined?: boolean;
  ms: number;
  styles: string[];
  sympy: string;
}

export type Counts = Record<Category, number>;

export interface FuzzReport {
  total: number;
  counts: Counts;
  perDialect: Record<string, Counts>;
  /** Refusal messages (column numbers removed), with how many were justified. */
  refusals: Record<string, { count: number; justified: number }>;
  internalErrors: Record<string, number>;
  overBudget: Record<string, number>;
  /** Answers that are correct but the engine could not verify. */
  correctUnverified: number;
  /** Refusals not in JUSTIFIED_REFUSALS (or justified by message but the function is real somewhere). */
  unjustifiedRefusals: number;
  times: { median: number; p95: number; max: number };
  examples: Example[];
  seconds: number;
}

interface Reference {
  id: number; verdict: 'correct' | 'wrong' | 'undecided' | 'nowhere-real' | 'error' | 'no-answer';
  expected?: string; detail?: string; readback?: 'same' | 'differs'; defined?: boolean;
}

const emptyCounts = (): Counts => Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Counts;

/** Fails with a clear message when the reference cannot run (the CI subset must not skip). */
export function requireReference(): void {
  const probe = spawnSync('python3', ['-c', 'import sympy, mpmath; print(sympy.__version__)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`the differential fuzzer needs python3 with sympy and mpmath (pip install sympy): ${probe.error?.message ?? probe.stderr.trim()}`);
  }
}

export function caseAt(seed: number, index: number, dialects: readonly Dialect[]): FuzzCase {
  return makeCase(seed, index, dialects[index % dialects.length]);
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  requireReference();
  const started = performance.now();
  const dialects = options.dialects ?? DIALECTS;
  const budgetMs = options.budgetMs ?? 2000;
  const hangMs = options.hangMs ?? Math.max(30_000, 6 * budgetMs);
  const exampleLimit = options.examples ?? 20;
  const extra = options.extraCases ?? [];
  const total = options.cases + extra.length;

  // the reference: a few long-lived python processes (each answers its cases in order)
  const references = Array.from({ length: options.referenceProcesses ?? 2 }, () => {
    const python = spawn('python3', [join(__dirname, '..', 'fuzz_sympy.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const waiting = new Map<number, (r: Reference) => void>();
    // a reference that dies answers its open cases with an error instead of taking the run down
    python.stdin!.on('error', () => undefined);
    const exited = new Promise<number | null>((resolve) => python.on('exit', (code) => {
      for (const [id, resolveCase] of waiting) resolveCase({ id, verdict: 'error', detail: `the SymPy reference process exited (code ${code})` });
      waiting.clear();
      resolve(code);
    }));
    createInterface({ input: python.stdout! }).on('line', (line) => { const r = JSON.parse(line) as Reference; waiting.get(r.id)?.(r); waiting.delete(r.id); });
    return { python, waiting, exited };
  });
  const referenceFor = (c: FuzzCase, o: EngineOutcome): Promise<Reference> => new Promise((resolve) => {
    const { python, waiting } = references[c.id % references.length];
    if (python.exitCode !== null) { resolve({ id: c.id, verdict: 'error', detail: `the SymPy reference process exited (code ${python.exitCode})` }); return; }
    waiting.set(c.id, resolve);
    const answer = o.kind === 'answer' ? { ours: o.plain, ...(o.readback !== undefined ? { readback: o.readback } : {}) } : {};
    python.stdin!.write(JSON.stringify({ id: c.id, sympy: c.sympy, wrt: c.wrt, order: c.order, ...answer }) + '\n');
  });

  // our engine: a worker thread, restarted after a hang or a crash
  let worker: Worker | undefined;
  let pendingCase: { worker: Worker; resolve: (o: EngineOutcome) => void; timer: NodeJS.Timeout; started: number } | undefined;
  let answered = 0, deaths = 0;
  // a worker thread does not inherit tsx's loader: register it before loading the TypeScript worker
  const bootstrap = `require('tsx/cjs/api').register(); require(${JSON.stringify(join(__dirname, 'worker.ts'))});`;
  const startWorker = (): Worker => {
    const w = new Worker(bootstrap, { eval: true, workerData: { budgetMs }, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    w.on('message', (m: { outcome: EngineOutcome }) => {
      const p = pendingCase;
      if (p?.worker !== w) return;
      pendingCase = undefined; answered++; clearTimeout(p.timer); p.resolve(m.outcome);
    });
    const died = (why: string) => {
      if (worker === w) worker = undefined;
      const p = pendingCase;
      if (p?.worker !== w) return;
      pendingCase = undefined; clearTimeout(p.timer);
      if (++deaths > 20 && answered === 0) throw new Error(`the engine worker cannot start: ${why}`);
      p.resolve({ kind: 'internal', name: 'WorkerDied', message: why, ms: performance.now() - p.started });
    };
    w.on('error', (e) => died(`worker died: ${(e as NodeJS.ErrnoException).code ?? e.name}: ${e.message}`));
    w.on('exit', (code) => died(`worker exited with code ${code}`));
    return w;
  };
  const runOurs = (c: FuzzCase): Promise<EngineOutcome> => new Promise((resolve) => {
    worker ??= startWorker();
    const w = worker;
    const timer = setTimeout(() => {
      pendingCase = undefined;
      worker = undefined;
      void w.terminate();
      resolve({ kind: 'timeout', message: `no answer after ${hangMs / 1000} s (worker terminated)`, ms: hangMs });
    }, hangMs);
    pendingCase = { worker: w, resolve, timer, started: performance.now() };
    w.postMessage(c);
  });

  const report: FuzzReport = {
    total, counts: emptyCounts(), perDialect: Object.fromEntries([...dialects, ...extra.map((c) => c.dialect)].map((d) => [d, emptyCounts()])),
    refusals: {}, internalErrors: {}, overBudget: {}, correctUnverified: 0, unjustifiedRefusals: 0,
    times: { median: 0, p95: 0, max: 0 }, examples: [], seconds: 0,
  };
  const times: number[] = [];
  const shown = new Map<Category, number>();
  const record = (c: FuzzCase, o: EngineOutcome, ref: Reference) => {
    times.push(o.ms);
    let category: Category;
    if (o.kind === 'refused') {
      category = 'refused';
      const key = messageKey(o.message);
      const entry = (report.refusals[key] ??= { count: 0, justified: 0 });
      entry.count++;
      const justified = JUSTIFIED_REFUSALS.some((j) => j.message.test(o.message)) && ref.defined !== true;
      if (justified) entry.justified++; else report.unjustifiedRefusals++;
    } else if (o.kind === 'internal') {
      category = 'internal-error';
      const key = messageKey(o.message);
      report.internalErrors[key] = (report.internalErrors[key] ?? 0) + 1;
    } else if (o.kind === 'timeout' || o.ms > budgetMs + LATE_GRACE_MS) {
      category = 'over-budget';
      const key = o.kind === 'timeout' ? messageKey(o.message) : `answered more than ${LATE_GRACE_MS} ms after the budget (${budgetMs} ms)`;
      report.overBudget[key] = (report.overBudget[key] ?? 0) + 1;
    } else if (ref.verdict === 'wrong') {
      category = o.verified ? 'wrong-but-verified' : 'wrong';
    } else if (ref.verdict === 'error') {
      category = 'reference-error';
    } else if (o.readbackError || ref.readback === 'differs') {
      category = 'misprinted';
    } else if (ref.verdict === 'undecided' || ref.verdict === 'nowhere-real') {
      category = ref.verdict;
    } else {
      category = 'correct';
      if (!o.verified) report.correctUnverified++;
    }
    report.counts[category]++;
    report.perDialect[c.dialect][category]++;
    if (category !== 'correct' && (shown.get(category) ?? 0) < exampleLimit) {
      shown.set(category, (shown.get(category) ?? 0) + 1);
      report.examples.push({
        category, dialect: c.dialect, input: c.source, wrt: c.wrt, order: c.order,
        ...(o.kind === 'answer' ? { ours: o.result, oursPlain: o.plain, verified: o.verified, ...(o.readback !== undefined ? { readback: o.readback } : {}), ...(o.readbackError ? { message: o.readbackError } : {}) } : { message: o.message }),
        expected: ref.expected, detail: ref.detail, ...(ref.defined !== undefined ? { defined: ref.defined } : {}),
        ms: Math.round(o.ms * 10) / 10, styles: c.styles, sympy: c.sympy,
      });
    }
  };

  // run: the engine one case at a time, the reference in parallel, at most `window` cases apart
  const window = 2000;
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  try {
    for (let i = 0; i < total; i++) {
      const c = i < options.cases ? caseAt(options.seed, i, dialects) : extra[i - options.cases];
      const o = await runOurs(c);
      const p: Promise<void> = referenceFor(c, o).then((ref) => { record(c, o, ref); inFlight.delete(p); options.onProgress?.(++done, total, report); });
      inFlight.add(p);
      if (inFlight.size >= window) await Promise.race(inFlight);
    }
    for (const r of references) r.python.stdin!.end();
    await Promise.all(inFlight);
  } finally {
    if (worker) await worker.terminate();
    for (const r of references) r.python.stdin!.end();
  }
  const sorted = times.sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  report.times = { median: q(0.5), p95: q(0.95), max: sorted[sorted.length - 1] ?? 0 };
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** The report as text: counts overall and per dialect, messages, times. */
export function formatReport(r: FuzzReport): string {
  const pct = (n: number) => `${n} (${((100 * n) / Math.max(1, r.total)).toFixed(2)}%)`;
  const lines = [`differential fuzzer: ${r.total} cases in ${r.seconds.toFixed(0)} s`];
  for (const c of CATEGORIES) lines.push(`  ${c.padEnd(20)} ${pct(r.counts[c])}${c === 'correct' ? `, of which not verified by the engine ${r.correctUnverified}` : c === 'refused' ? `, of which unjustified ${r.unjustifiedRefusals}` : ''}`);
  lines.push('per dialect:');
  lines.push(`  ${'dialect'.padEnd(11)}${CATEGORIES.map((c) => c.padStart(Math.max(8, c.length + 1))).join('')}`);
  for (const [d, counts] of Object.entries(r.perDialect)) lines.push(`  ${d.padEnd(11)}${CATEGORIES.map((c) => String(counts[c]).padStart(Math.max(8, c.length + 1))).join('')}`);
  const table = (title: string, m: Record<string, number>) => {
    const entries = Object.entries(m).sort((a, b) => b[1] - a[1]);
    if (!entries.length) return;
    lines.push(title);
    for (const [k, n] of entries.slice(0, 25)) lines.push(`  ${String(n).padStart(6)}  ${k}`);
    if (entries.length > 25) lines.push(`  … ${entries.length - 25} more messages`);
  };
  table('refused, by message (justified count in brackets):', Object.fromEntries(Object.entries(r.refusals).map(([k, v]) => [`${k}  [${v.justified} justified]`, v.count])));
  table('internal errors, by message:', r.internalErrors);
  table('over budget:', r.overBudget);
  lines.push(`engine time per case: median ${r.times.median.toFixed(2)} ms, p95 ${r.times.p95.toFixed(2)} ms, max ${r.times.max.toFixed(1)} ms`);
  return lines.join('\n');
}
