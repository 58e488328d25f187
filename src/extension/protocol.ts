// Messages between the extension host and the core worker (dist/worker.js). Types only.
import type { Analysis, DerivativeResult, Dialect, DifferentiateOptions, SourceContext } from '../core/api';
import type { MatrixDerivativeResult, MatrixOptions } from '../core/matrix/api';
import type { PlotData } from './panel/messages';
import type { MatrixAnswer, MatrixRequest } from './panel/matrix';
import type { SampleRequest } from './panel/sampling';

export type WorkerRequest =
  | { id: number; kind: 'differentiate'; source: string; options: DifferentiateOptions }
  | { id: number; kind: 'analyze'; source: string; dialect: Dialect; context: SourceContext }
  /** Differentiate Selection: like differentiate/analyze, with vector and matrix input through the matrix engine. */
  | { id: number; kind: 'differentiateSelection'; source: string; options: DifferentiateOptions }
  | { id: number; kind: 'analyzeSelection'; source: string; dialect: Dialect; context: SourceContext }
  /** Matrix calculus with the matrix engine (gradient functions of numpy code). */
  | { id: number; kind: 'differentiateMatrix'; source: string; options: MatrixOptions }
  /** The explanation panel's plot: f and its derivatives sampled on a grid. */
  | { id: number; kind: 'sample'; request: SampleRequest }
  /** The explanation panel: the derivative when the selection is matrix calculus (else undefined). */
  | { id: number; kind: 'matrix'; request: MatrixRequest };

/** An error as it crosses the thread boundary: `input` for the core's InputError, `internal` otherwise. */
export interface WorkerError {
  kind: 'input' | 'internal';
  message: string;
  /** InputError offset into the source (0-based), -1 when not tied to a place. */
  offset: number;
}

export type WorkerResponse =
  | { id: number; ok: true; kind: 'differentiate'; value: DerivativeResult }
  | { id: number; ok: true; kind: 'analyze'; value: Analysis }
  | { id: number; ok: true; kind: 'differentiateSelection'; value: DerivativeResult }
  | { id: number; ok: true; kind: 'analyzeSelection'; value: Analysis }
  | { id: number; ok: true; kind: 'differentiateMatrix'; value: MatrixDerivativeResult }
  | { id: number; ok: true; kind: 'sample'; value: PlotData | undefined }
  | { id: number; ok: true; kind: 'matrix'; value: MatrixAnswer | undefined }
  | { id: number; ok: false; error: WorkerError };
