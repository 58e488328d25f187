// The extension host's handle on the core worker: every request has a time limit and can be
// cancelled, so the host thread never waits on the math. No vscode import (unit-tested with a fake worker).
import type { Analysis, DerivativeResult, Dialect, DifferentiateOptions, SourceContext } from '../core/api';
import type { MatrixDerivativeResult, MatrixOptions } from '../core/matrix/api';
import type { PlotData } from './panel/messages';
import type { MatrixAnswer, MatrixRequest } from './panel/matrix';
import type { SampleRequest } from './panel/sampling';
import type { WorkerRequest, WorkerResponse } from './protocol';

/** What the client needs from a `worker_threads.Worker` (a fake in unit tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  on(event: 'message', listener: (message: WorkerResponse) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

/** Structurally the same as `vscode.CancellationToken`. */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export interface RequestOptions {
  /** Hard limit for this request, queueing included; past it the worker is terminated. */
  timeoutMs: number;
  token?: CancellationTokenLike;
}

/** The core refused the input (its InputError, carried across the thread). */
export class CoreInputError extends Error {
  override readonly name = 'CoreInputError';
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}
/** The request ran past its time limit. */
export class CoreTimeoutError extends Error {
  override readonly name = 'CoreTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`computation took longer than ${timeoutMs} ms`);
  }
}
/** The request was cancelled through its token. */
export class CoreCancelledError extends Error {
  override readonly name = 'CoreCancelledError';
  constructor() {
    super('cancelled');
  }
}

interface Pending {
  request: WorkerRequest;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  subscription?: { dispose(): unknown };
}

export class CoreClient {
  private worker: WorkerLike | undefined;
  private nextId = 1;
  /** Live requests by id. */
  private readonly pending = new Map<number, Pending>();
  /** Ids posted to the current worker, in order; the first is the one it is computing. */
  private inFlight: number[] = [];
  private disposed = false;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  differentiate(source: string, options: DifferentiateOptions, request: RequestOptions): Promise<DerivativeResult> {
    return this.send({ id: 0, kind: 'differentiate', source, options }, request) as Promise<DerivativeResult>;
  }

  analyze(source: string, dialect: Dialect, context: SourceContext, request: RequestOptions): Promise<Analysis> {
    return this.send({ id: 0, kind: 'analyze', source, dialect, context }, request) as Promise<Analysis>;
  }

  /** Differentiate Selection's reading: scalar input by the scalar engine, vector and matrix input by the matrix engine. */
  differentiateSelection(source: string, options: DifferentiateOptions, request: RequestOptions): Promise<DerivativeResult> {
    return this.send({ id: 0, kind: 'differentiateSelection', source, options }, request) as Promise<DerivativeResult>;
  }

  analyzeSelection(source: string, dialect: Dialect, context: SourceContext, request: RequestOptions): Promise<Analysis> {
    return this.send({ id: 0, kind: 'analyzeSelection', source, dialect, context }, request) as Promise<Analysis>;
  }

  /** Matrix calculus: the derivative of a vector or matrix expression, by the matrix engine. */
  differentiateMatrix(source: string, options: MatrixOptions, request: RequestOptions): Promise<MatrixDerivativeResult> {
    return this.send({ id: 0, kind: 'differentiateMatrix', source, options }, request) as Promise<MatrixDerivativeResult>;
  }

  /** Samples a single-variable function and its derivatives for the explanation panel's plot. */
  sample(sample: SampleRequest, request: RequestOptions): Promise<PlotData | undefined> {
    return this.send({ id: 0, kind: 'sample', request: sample }, request) as Promise<PlotData | undefined>;
  }

  /** The explanation panel's matrix calculus: undefined when the selection is not vector/matrix input. */
  matrix(matrix: MatrixRequest, request: RequestOptions): Promise<MatrixAnswer | undefined> {
    return this.send({ id: 0, kind: 'matrix', request: matrix }, request) as Promise<MatrixAnswer | undefined>;
  }

  /** Starts the worker ahead of the first request, so that request does not pay for loading the core. */
  warmUp(): void {
    if (!this.disposed) this.ensureWorker();
  }

  /** Number of requests not yet settled (for tests and logs). */
  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.pending.keys()]) this.settle(id, new CoreCancelledError());
    this.killWorker();
  }

  private send(request: WorkerRequest, options: RequestOptions): Promise<unknown> {
    if (this.disposed) return Promise.reject(new CoreCancelledError());
    if (options.token?.isCancellationRequested) return Promise.reject(new CoreCancelledError());
    const id = this.nextId++;
    const message = { ...request, id } as WorkerRequest;
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        request: message,
        resolve,
        reject,
        timer: setTimeout(() => this.abandon(id, new CoreTimeoutError(options.timeoutMs)), options.timeoutMs),
      };
      entry.subscription = options.token?.onCancellationRequested(() => this.abandon(id, new CoreCancelledError()));
      this.pending.set(id, entry);
      this.post(message);
    });
  }

  private post(message: WorkerRequest): void {
    this.ensureWorker().postMessage(message);
    this.inFlight.push(message.id);
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.on('message', (response) => {
      if (worker !== this.worker) return;
      this.inFlight = this.inFlight.filter((id) => id !== response.id);
      if (response.ok) this.settle(response.id, undefined, response.value);
      else if (response.error.kind === 'input') this.settle(response.id, new CoreInputError(response.error.message, response.error.offset));
      else this.settle(response.id, new Error(response.error.message));
    });
    worker.on('error', (error) => {
      if (worker !== this.worker) return;
      this.log(`core worker failed: ${error.stack ?? error.message}`);
      this.failAll(worker, error);
    });
    worker.on('exit', (code) => {
      if (worker !== this.worker) return;
      this.log(`core worker exited with code ${code}`);
      this.failAll(worker, new Error(`the core worker stopped (exit code ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  /** Gives up on one request. If the worker is busy with it, the worker is terminated and the
   *  other requests go to a fresh one; if it is only queued, its answer will be ignored. */
  private abandon(id: number, reason: Error): void {
    if (!this.pending.has(id)) return;
    this.settle(id, reason);
    if (this.inFlight[0] !== id) return; // queued behind another: its answer is dropped on arrival
    this.log(`terminating the core worker: ${reason.message}`);
    this.killWorker();
    const resend = [...this.pending.values()].map((entry) => entry.request);
    for (const message of resend) this.post(message);
  }

  private failAll(worker: WorkerLike, error: Error): void {
    for (const id of this.inFlight) if (this.pending.has(id)) this.settle(id, error);
    if (this.worker === worker) {
      this.worker = undefined;
      this.inFlight = [];
    }
  }

  private killWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.inFlight = [];
    if (worker) void worker.terminate().catch(() => undefined);
  }

  private settle(id: number, error: Error | undefined, value?: unknown): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    entry.subscription?.dispose();
    if (error) entry.reject(error);
    else entry.resolve(value);
  }
}
