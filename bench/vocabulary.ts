// The vocabulary corpus (test/corpus/vocabulary.jsonl, from bench/make_vocabulary_corpus.py): each
// snippet differentiated, printed in the input's module style, run by the real library and compared with
// its own autodiff (bench/check_vocabulary.py). Prints, per module: refusals (goal < 3%), wrong answers
// (goal 0), style check (results use only the input's modules and aliases) and skipped cases.
//   npx tsx bench/vocabulary.ts
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { differentiate } from '../src/core';
// @ts-expect-error: an .mjs script without types
import { ensurePythonLibraries } from '../scripts/pylibs.mjs';

const root = path.resolve(__dirname, '..');

export interface VocabularyCase {
  id: string; module: string; context: string; source: string; wrt: string; reference: string; referenceText: string;
  domain: [number, number]; allowed: string[]; operator?: boolean;
}
export interface Outcome {
  case: VocabularyCase;
  result?: string;
  refusal?: string;
  /** Module prefixes of the result the input's style does not allow. */
  foreign: string[];
  verdict?: 'ok' | 'wrong' | 'skipped';
  why?: string;
}

export function readCorpus(): VocabularyCase[] {
  return readFileSync(path.join(root, 'test/corpus/vocabulary.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as VocabularyCase);
}

/** The module prefixes a printed result calls or names (np in np.exp(…), jax.nn in jax.nn.sigmoid(…)). */
export function prefixesOf(code: string): string[] {
  const out = new Set<string>();
  for (const m of code.replace(/'[^']*'|"[^"]*"/g, '').matchAll(/(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.[A-Za-z_]\w*/g)) out.add(m[1]);
  return [...out];
}

/** A small deterministic generator, so a failure names the same points again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export function runVocabulary(cases = readCorpus()): { outcomes: Outcome[]; missing: string[] } {
  const rand = random(11);
  const outcomes: Outcome[] = cases.map((c) => {
    const attempt = () => differentiate(c.source, { dialect: 'python', documentText: c.context, wrt: c.wrt, explain: false }).result;
    try {
      // a time budget cut short by a loaded machine is not a refusal of the vocabulary: tried once more
      let result: string;
      try { result = attempt(); } catch (e) { if (e instanceof Error && /time budget/.test(e.message)) result = attempt(); else throw e; }
      const foreign = prefixesOf(result).filter((p) => !c.allowed.includes(p));
      return { case: c, result, foreign };
    } catch (e) {
      return { case: c, refusal: e instanceof Error ? e.message : String(e), foreign: [] };
    }
  });
  const { python, missing } = ensurePythonLibraries() as { python: string; missing: string[] };
  const judged = outcomes.filter((o) => o.result !== undefined);
  const input = judged.map((o) => {
    const [lo, hi] = o.case.domain;
    const points = Array.from({ length: 3 }, () => ({ x: lo + (hi - lo) * rand(), w: 0.5 + rand(), b: 0.1 + 0.9 * rand() }));
    return { ...o.case, result: o.result, points };
  });
  const r = spawnSync(python, [path.join(root, 'bench/check_vocabulary.py')], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`check_vocabulary.py failed: ${r.stderr.slice(-2000)}`);
  const verdicts = new Map((JSON.parse(r.stdout) as { id: string; verdict: Outcome['verdict']; why?: string }[]).map((v) => [v.id, v]));
  for (const o of judged) {
    const v = verdicts.get(o.case.id)!;
    o.verdict = v.verdict;
    if (v.why) o.why = v.why;
  }
  return { outcomes, missing };
}

export interface Figures { module: string; cases: number; refused: number; wrong: number; skipped: number; stylePassed: number }

export function figures(outcomes: Outcome[]): Figures[] {
  const by = new Map<string, Figures>();
  const add = (module: string, o: Outcome) => {
    const f = by.get(module) ?? { module, cases: 0, refused: 0, wrong: 0, skipped: 0, stylePassed: 0 };
    f.cases++;
    if (o.refusal !== undefined) f.refused++;
    if (o.verdict === 'wrong') f.wrong++;
    if (o.verdict === 'skipped') f.skipped++;
    if (o.result !== undefined && o.foreign.length === 0) f.stylePassed++;
    by.set(module, f);
  };
  for (const o of outcomes) { add(o.case.module, o); add('all', o); }
  return [...by.values()];
}

export function formatFigures(rows: Figures[]): string {
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
  const lines = ['module          cases  refused        wrong  skipped  style (of answered)'];
  for (const f of rows) {
    const answered = f.cases - f.refused;
    lines.push(`${f.module.padEnd(15)} ${String(f.cases).padStart(5)}  ${String(f.refused).padStart(3)} ${pct(f.refused, f.cases).padStart(6)}  ${String(f.wrong).padStart(6)}  ${String(f.skipped).padStart(7)}  ${pct(f.stylePassed, answered).padStart(6)}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  const { outcomes, missing } = runVocabulary();
  if (missing.length) console.log(`not installed, their cases skipped: ${missing.join(', ')}`);
  console.log(formatFigures(figures(outcomes)));
  for (const o of outcomes) {
    if (o.refusal !== undefined) console.log(`refused ${o.case.id} ${o.case.source}: ${o.refusal}`);
    else if (o.verdict === 'wrong') console.log(`WRONG ${o.case.id} ${o.case.source} → ${o.result}: ${o.why}`);
    else if (o.foreign.length) console.log(`style ${o.case.id} ${o.case.source} → ${o.result}: uses ${o.foreign.join(', ')}`);
  }
}
