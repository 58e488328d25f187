// Differential fuzzer of the matrix engine against numpy, or TensorFlow (bench/fuzz/matrix.ts says how it judges).
//   npm run bench:fuzz-matrix -- [--cases 2000] [--seed 1] [--library numpy|tf] [--failures test-artifacts/fuzz-matrix-failures.jsonl]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatMatrixReport, MatrixLibrary, runMatrixFuzz } from './fuzz/matrix';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const cases = Number(option('cases') ?? 2000);
const seed = Number(option('seed') ?? 1);
const failuresFile = option('failures') ?? 'test-artifacts/fuzz-matrix-failures.jsonl';
const library = (option('library') ?? 'numpy') as MatrixLibrary;
if (library !== 'numpy' && library !== 'tf') throw new Error(`--library is numpy or tf, not ${library}`);

const report = runMatrixFuzz(cases, seed, library);
console.log(formatMatrixReport(report, seed, library));
const bad = report.cases.filter((c) => !['correct', 'refused', 'undecided'].includes(c.category!));
mkdirSync(dirname(failuresFile), { recursive: true });
writeFileSync(failuresFile, bad.map((c) => JSON.stringify(c)).join('\n') + (bad.length ? '\n' : ''));
console.log(`cases in bad categories: ${failuresFile}`);
