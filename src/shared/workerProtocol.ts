// Messages between the extension host (src/extension/coreClient.ts) and the core worker
// (src/extension/worker.ts, dist/worker.js). Types only; no vscode import.
import type {
  Analysis, CriticalOptions, CriticalResult, DerivativeResult, Dialect, DifferentiateOptions, ImplicitOptions, ImplicitResult, IntegralResult, IntegrateOptions, PlotData,
  SampleRequest, SourceContext, TangentOptions, TangentResult, TaylorOptions, TaylorResult,
} from '../core/index';

/** The calculus operations around the derivative: each takes `{ source, options }` and answers the core's result type. */
export interface CalculusOperations {
  tangent: { options: TangentOptions; result: TangentResult };
  taylor: { options: TaylorOptions; result: TaylorResult };
  implicit: { options: ImplicitOptions; result: ImplicitResult };
  integrate: { options: IntegrateOptions; result: IntegralResult };
  critical: { options: CriticalOptions; result: CriticalResult };
}
export type CalculusKind = keyof CalculusOperations;

/** A calculus request of kind K. */
export type CalculusRequest<K extends CalculusKind = CalculusKind> = K extends CalculusKind ? { id: number; kind: K; source: string; options: CalculusOperations[K]['options'] } : never;
type CalculusResponse<K extends CalculusKind = CalculusKind> = K extends CalculusKind ? { id: number; ok: true; kind: K; value: CalculusOperations[K]['result'] } : never;

export type WorkerRequest =
  /** A selection read by the engine the core routes it to (scalar, or vector and matrix calculus). */
  | { id: number; kind: 'analyze'; source: string; dialect: Dialect; context: SourceContext }
  /** The derivative by that engine; a matrix one carries `matrix` (with the working and the other layout when explained). */
  | { id: number; kind: 'differentiate'; source: string; options: DifferentiateOptions }
  /** The explanation panel's plot: f and its derivatives sampled on a grid. */
  | { id: number; kind: 'sample'; request: SampleRequest }
  /** Tangent line, Taylor polynomial, implicit derivative, antiderivative or critical points (src/core/calculus). */
  | CalculusRequest;

/** An error as it crosses the thread boundary: `input` for the core's InputError, `internal` otherwise. */
export interface WorkerError {
  kind: 'input' | 'internal';
  message: string;
  /** InputError offset into the source (0-based), -1 when not tied to a place. */
  offset: number;
}

export type WorkerResponse =
  | { id: number; ok: true; kind: 'analyze'; value: Analysis }
  | { id: number; ok: true; kind: 'differentiate'; value: DerivativeResult }
  | { id: number; ok: true; kind: 'sample'; value: PlotData | undefined }
  | CalculusResponse
  | { id: number; ok: false; error: WorkerError };
