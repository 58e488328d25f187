// Messages between the extension host (src/extension/coreClient.ts) and the core worker
// (src/extension/worker.ts, dist/worker.js). Types only; no vscode import.
import type { DerivativeResult, Dialect, DifferentiateOptions, MatrixAnswer, MatrixDerivativeResult, MatrixOptions, MatrixRequest, PlotData, SampleRequest, SelectionAnalysis, SourceContext } from '../core/index';

export type WorkerRequest =
  /** A selection read by the engine the core routes it to (scalar, or vector and matrix calculus). */
  | { id: number; kind: 'analyze'; source: string; dialect: Dialect; context: SourceContext }
  | { id: number; kind: 'differentiate'; source: string; options: DifferentiateOptions }
  /** The derivative with the matrix engine's working (index form, both layouts); undefined for scalar input. */
  | { id: number; kind: 'matrix'; request: MatrixRequest }
  /** Matrix calculus whatever the selection looks like alone (a statement of a numpy function). */
  | { id: number; kind: 'differentiateMatrix'; source: string; options: MatrixOptions }
  /** The explanation panel's plot: f and its derivatives sampled on a grid. */
  | { id: number; kind: 'sample'; request: SampleRequest };

/** An error as it crosses the thread boundary: `input` for the core's InputError, `internal` otherwise. */
export interface WorkerError {
  kind: 'input' | 'internal';
  message: string;
  /** InputError offset into the source (0-based), -1 when not tied to a place. */
  offset: number;
}

export type WorkerResponse =
  | { id: number; ok: true; kind: 'analyze'; value: SelectionAnalysis }
  | { id: number; ok: true; kind: 'differentiate'; value: DerivativeResult }
  | { id: number; ok: true; kind: 'matrix'; value: MatrixAnswer | undefined }
  | { id: number; ok: true; kind: 'differentiateMatrix'; value: MatrixDerivativeResult }
  | { id: number; ok: true; kind: 'sample'; value: PlotData | undefined }
  | { id: number; ok: false; error: WorkerError };
