// Our side of the fuzzer: one case through the extension's entry point, every outcome captured.
import { analyze, differentiate, InputError } from '../../src/core';
import { TimeoutError } from '../../src/core/budget';
import type { FuzzCase } from './generate';

export type EngineOutcome =
  | { kind: 'answer'; result: string; plain: string; verified: boolean; matrix: boolean; ms: number; readback?: string; readbackError?: string }
  | { kind: 'refused'; message: string; ms: number }
  | { kind: 'timeout'; message: string; ms: number }
  | { kind: 'internal'; message: string; name: string; ms: number };

/** Column numbers vary per input; messages are grouped without them. */
export function messageKey(message: string): string {
  return message.replace(/ \(column \d+\)/g, '').replace(/'[^']*'/g, "'…'").replace(/\(([a-z_, ]+)\)/, '(…)').slice(0, 120);
}

export function runEngine(c: FuzzCase, budgetMs: number): EngineOutcome {
  const started = performance.now();
  try {
    const r = differentiate(c.source, { dialect: c.dialect, wrt: c.wrt, order: c.order, explain: false, timeBudgetMs: budgetMs });
    const ms = performance.now() - started;
    const out: EngineOutcome = { kind: 'answer', result: r.result, plain: r.plain, verified: r.verified, matrix: r.matrix !== undefined, ms };
    // the answer as printed in the dialect must read back as the same expression
    if (!r.matrix) {
      try { out.readback = analyze(r.result, c.dialect).plain; } catch (e) { out.readbackError = e instanceof Error ? `${e.name}: ${e.message}` : String(e); }
    }
    return out;
  } catch (e) {
    const ms = performance.now() - started;
    // TimeoutError is also exported by diff.ts while the engine moves it to budget.ts: match by name
    if (e instanceof TimeoutError || (e instanceof Error && e.name === 'TimeoutError')) return { kind: 'timeout', message: e.message, ms };
    if (e instanceof InputError) return { kind: 'refused', message: e.message, ms };
    const err = e instanceof Error ? e : new Error(String(e));
    return { kind: 'internal', name: err.name, message: `${err.name}: ${err.message}`, ms };
  }
}
