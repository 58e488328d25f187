// The extension host's handle on the core workers: every request has a time limit and can be
// cancelled, so the host thread never waits on the math; what the user asked for never waits behind
// work done ahead of them. No vscode import (unit-tested with a fake worker).
import type { Analysis, DerivativeResult, Dialect, DifferentiateOptions, PlotData, SampleRequest, SourceContext } from '../core/index';
import type { CalculusKind, CalculusOperations, CalculusRequest, WorkerRequest, WorkerResponse } from '../shared/workerProtocol';

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

/**
 * `interactive`: a request the user made (a command, a chosen code action), served by its own worker
 * so it never waits behind work done ahead. `speculative`: work done ahead of the user (hovers,
 * prefetches, the lightbulb's offers), served in arrival order by the other worker.
 */
export type Priority = 'interactive' | 'speculative';

export interface RequestOptions {
  /** Hard limit for this request, queueing included; past it the worker is terminated. */
  timeoutMs: number;
  /** Cancels the request: dropped if it has not started; if it runs, its answer is ignored. */
  token?: CancellationTokenLike;
  /** `interactive` unless said otherwise; see `CoreClient.prioritize` to raise it while queued. */
  priority?: Priority;
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
  options: RequestOptions;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  subscription?: { dispose(): unknown };
}

/** How long after the speculative worker warmUp starts the interactive one. */
const WARM_UP_STAGGER_MS = 1000;

/** One worker and the request it is computing. */
interface Lane {
  readonly priority: Priority;
  worker?: WorkerLike;
  /** Id of the request the worker is computing. */
  running?: number;
}

/**
 * Two workers, one per priority, each computing one request at a time. Requests wait here (not in
 * the worker's message queue) so that a cancelled one is dropped before it starts and a raised one
 * moves to the interactive worker. A second worker costs ~13 MB; starting one costs 0.2–0.6 s, which
 * is why a command does not preempt speculative work by restarting a single worker.
 */
export class CoreClient {
  private nextId = 1;
  /** Live requests by id (queued or running). */
  private readonly pending = new Map<number, Pending>();
  /** Ids not yet sent to a worker, in arrival order. */
  private queue: number[] = [];
  private readonly lanes: Record<Priority, Lane> = { interactive: { priority: 'interactive' }, speculative: { priority: 'speculative' } };
  private disposed = false;

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** What the selection is (its symbols, shapes for matrix input) and which engine takes it; the core decides. */
  analyze(source: string, dialect: Dialect, context: SourceContext, request: RequestOptions): Promise<Analysis> {
    return this.send({ id: 0, kind: 'analyze', source, dialect, context }, request) as Promise<Analysis>;
  }

  /** The derivative, by the engine the core routes the selection to (a matrix one carries `matrix`). */
  differentiate(source: string, options: DifferentiateOptions, request: RequestOptions): Promise<DerivativeResult> {
    return this.send({ id: 0, kind: 'differentiate', source, options }, request) as Promise<DerivativeResult>;
  }

  /** Samples a single-variable function and its derivatives for the explanation panel's plot. */
  sample(sample: SampleRequest, request: RequestOptions): Promise<PlotData | undefined> {
    return this.send({ id: 0, kind: 'sample', request: sample }, request) as Promise<PlotData | undefined>;
  }

  /**
   * A calculus operation of the core (tangent line, Taylor polynomial, implicit derivative,
   * antiderivative or critical points) on the selection, with the same time limit and cancellation
   * as `differentiate`; an InputError (including "no antiderivative" refusals the core throws) arrives
   * as CoreInputError. An integral's "no antiderivative found" is a result with `found: false`.
   */
  calculus<K extends CalculusKind>(kind: K, source: string, options: CalculusOperations[K]['options'], request: RequestOptions): Promise<CalculusOperations[K]['result']> {
    return this.send({ id: 0, kind, source, options } as CalculusRequest, request) as Promise<CalculusOperations[K]['result']>;
  }

  /**
   * The user now waits for the request sent with `request` (the same object): if it is still queued
   * it goes to the interactive worker. A speculative request already running is left to finish.
   */
  prioritize(request: RequestOptions): void {
    if (request.priority !== 'speculative') return;
    request.priority = 'interactive';
    this.dispatch();
  }

  /**
   * Starts the workers ahead of the first request, so that request does not pay for loading the core:
   * the speculative one now (a selection's lightbulb and hover come at once), the interactive one a
   * moment later (a command comes later), so the two do not compete for the CPU while loading.
   */
  warmUp(): void {
    if (this.disposed) return;
    this.ensureWorker(this.lanes.speculative);
    setTimeout(() => {
      if (!this.disposed) this.ensureWorker(this.lanes.interactive);
    }, WARM_UP_STAGGER_MS).unref?.();
  }

  /** Number of requests not yet settled (for tests and logs). */
  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.pending.keys()]) this.settle(id, new CoreCancelledError());
    for (const lane of Object.values(this.lanes)) this.killWorker(lane);
  }

  private send(request: WorkerRequest, options: RequestOptions): Promise<unknown> {
    if (this.disposed) return Promise.reject(new CoreCancelledError());
    if (options.token?.isCancellationRequested) return Promise.reject(new CoreCancelledError());
    const id = this.nextId++;
    const message = { ...request, id } as WorkerRequest;
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        request: message,
        options,
        resolve,
        reject,
        timer: setTimeout(() => this.abandon(id, new CoreTimeoutError(options.timeoutMs)), options.timeoutMs),
      };
      entry.subscription = options.token?.onCancellationRequested(() => this.abandon(id, new CoreCancelledError()));
      this.pending.set(id, entry);
      this.queue.push(id);
      this.dispatch();
    });
  }

  /** Gives every lane without live work the first request queued for it. A worker still computing a
   *  request nobody waits for is replaced when another request needs it, and left alone otherwise. */
  private dispatch(): void {
    for (const lane of Object.values(this.lanes)) {
      if (lane.running !== undefined && this.pending.has(lane.running)) continue;
      const next = this.queue.findIndex((id) => (this.pending.get(id)!.options.priority ?? 'interactive') === lane.priority);
      if (next < 0) continue;
      if (lane.running !== undefined) {
        this.log(`replacing the ${lane.priority} core worker: it is computing a request that was cancelled`);
        this.killWorker(lane);
      }
      const [id] = this.queue.splice(next, 1) as [number];
      lane.running = id;
      this.ensureWorker(lane).postMessage(this.pending.get(id)!.request);
    }
  }

  private ensureWorker(lane: Lane): WorkerLike {
    if (lane.worker) return lane.worker;
    const worker = this.spawn();
    worker.on('message', (response) => {
      if (worker !== lane.worker) return;
      if (response.id === lane.running) lane.running = undefined;
      if (response.ok) this.settle(response.id, undefined, response.value);
      else if (response.error.kind === 'input') this.settle(response.id, new CoreInputError(response.error.message, response.error.offset));
      else this.settle(response.id, new Error(response.error.message));
      this.dispatch();
    });
    worker.on('error', (error) => {
      if (worker !== lane.worker) return;
      this.log(`core worker failed: ${error.stack ?? error.message}`);
      this.fail(lane, error);
    });
    worker.on('exit', (code) => {
      if (worker !== lane.worker) return;
      this.log(`core worker exited with code ${code}`);
      this.fail(lane, new Error(`the core worker stopped (exit code ${code})`));
    });
    lane.worker = worker;
    return worker;
  }

  /** Gives up on one request: a queued one never runs; a running one past its time limit takes its
   *  worker down with it (it may hold much memory); a running one cancelled is left to finish unless
   *  another request needs the worker (dispatch). */
  private abandon(id: number, reason: Error): void {
    if (!this.pending.has(id)) return;
    this.settle(id, reason);
    this.queue = this.queue.filter((queued) => queued !== id);
    const lane = Object.values(this.lanes).find((l) => l.running === id);
    if (lane && reason instanceof CoreTimeoutError) {
      this.log(`terminating the ${lane.priority} core worker: ${reason.message}`);
      this.killWorker(lane);
    }
    this.dispatch();
  }

  /** The lane's worker died: its request fails, the queue goes on with a new worker. */
  private fail(lane: Lane, error: Error): void {
    if (lane.running !== undefined) this.settle(lane.running, error);
    lane.worker = undefined;
    lane.running = undefined;
    this.dispatch();
  }

  private killWorker(lane: Lane): void {
    const worker = lane.worker;
    lane.worker = undefined;
    lane.running = undefined;
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
