// What the benchmarks share: time statistics (nearest-rank quantiles) and the SymPy version they report.
import { spawnSync } from 'node:child_process';

/** The q-quantile (0..1) of `xs`, nearest rank. */
export const quantile = (xs: number[], q: number): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
export const median = (xs: number[]): number => quantile(xs, 0.5);

/** "median …, p95 …, max …" in ms with `digits` decimals ('no cases' when empty). */
export const timeFigures = (xs: number[], digits: number): string => (xs.length
  ? `median ${median(xs).toFixed(digits)} ms, p95 ${quantile(xs, 0.95).toFixed(digits)} ms, max ${Math.max(...xs).toFixed(digits)} ms`
  : 'no cases');

/** The installed SymPy's version ('' when python3 or SymPy is missing). */
export function sympyVersion(): string {
  return spawnSync('python3', ['-c', 'import sympy; print(sympy.__version__)'], { encoding: 'utf8' }).stdout?.trim() ?? '';
}
