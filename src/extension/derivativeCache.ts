// Derivatives and analyses for hovers and the lightbulb, remembered: a hover is asked again on every
// mouse move, the lightbulb on every selection change. Wraps the CoreClient. A request shared by
// several callers goes on while one of them still waits: it is cancelled (dropped if it has not
// started) only when every caller that passed a token has cancelled and none asked without one.
// Bounded by count and by bytes. No vscode import.
import type { DerivativeResult, Dialect, DifferentiateOptions, Analysis } from '../core/index';
import { CoreCancelledError, CoreInputError, type CancellationTokenLike, type CoreClient, type Priority, type RequestOptions } from './coreClient';

/** Results kept, least recently used dropped first. */
const CACHE_SIZE = 500;
/** Estimated bytes of all results kept (see `approximateBytes`). */
export const CACHE_BYTES = 32 * 1024 * 1024;
/** A result estimated larger than this is handed to its callers but not kept. */
export const ENTRY_BYTES = 4 * 1024 * 1024;

/** What the core needs about a selection besides its text. */
export interface ExpressionSource {
  expression: string;
  dialect: Dialect;
  /**
   * The document it is in. The core reads imports and shape annotations near the expression from
   * its text; `key` names the document version so it can stand for the text in cache keys, and the
   * text is read only when the core is asked.
   */
  document: { key: string; text: () => string; offset: number };
}

interface Entry {
  promise: Promise<unknown>;
  /** Estimated size once settled (0 while pending). */
  bytes: number;
  /** The request as sent: raised to interactive when the user comes to wait for it. */
  request: RequestOptions;
  /** Callers with a token that have not cancelled; Infinity once a caller without a token asked. */
  waiting: number;
  cancel(): void;
}

export class DerivativeCache {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(private readonly core: Pick<CoreClient, 'analyze' | 'differentiate' | 'prioritize'>) {}

  /**
   * Parses only: free symbols, plain and LaTeX forms, and the engine the core routes the expression
   * to. Rejects with CoreInputError on bad input. `priority`: speculative (hovers, the lightbulb's
   * offers) unless the user waits for it.
   */
  analyze(source: ExpressionSource, timeoutMs: number, token?: CancellationTokenLike, priority: Priority = 'speculative'): Promise<Analysis> {
    const key = JSON.stringify(['a', ...where(source)]);
    return this.cached(key, (request) => this.core.analyze(source.expression, source.dialect, contextOf(source), request), timeoutMs, token, priority);
  }

  /** The derivative; rejects with CoreInputError, CoreTimeoutError, or CoreCancelledError when `token` fires. */
  differentiate(source: ExpressionSource, options: Omit<DifferentiateOptions, 'dialect' | 'documentText' | 'selectionOffset'>, timeoutMs: number, token?: CancellationTokenLike, priority: Priority = 'speculative'): Promise<DerivativeResult> {
    const key = JSON.stringify(['d', ...where(source), options.wrt ?? '', options.order ?? 1, options.timeBudgetMs ?? 0, options.layout ?? 'numerator']);
    return this.cached(key, (request) => this.core.differentiate(source.expression, { ...options, dialect: source.dialect, ...contextOf(source) }, request), timeoutMs, token, priority);
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Estimated bytes of the results kept. */
  get bytes(): number {
    return this.totalBytes;
  }

  private cached<T>(key: string, compute: (request: RequestOptions) => Promise<T>, timeoutMs: number, token: CancellationTokenLike | undefined, priority: Priority): Promise<T> {
    if (token?.isCancellationRequested) return Promise.reject(new CoreCancelledError());
    let entry = this.entries.get(key);
    if (entry?.request.token?.isCancellationRequested) entry = undefined; // everyone else stopped waiting; it is on its way out
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      if (priority === 'interactive') this.core.prioritize(entry.request);
    } else {
      entry = this.start(key, compute, timeoutMs, priority);
    }
    this.follow(entry, token);
    return (token ? untilCancelled(entry.promise, token) : entry.promise) as Promise<T>;
  }

  private start(key: string, compute: (request: RequestOptions) => Promise<unknown>, timeoutMs: number, priority: Priority): Entry {
    const cancellation = cancellationSource();
    const request: RequestOptions = { timeoutMs, token: cancellation.token, priority };
    const entry: Entry = { promise: compute(request), bytes: 0, request, waiting: 0, cancel: cancellation.cancel };
    this.remove(key);
    this.entries.set(key, entry);
    this.evict();
    entry.promise.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        const bytes = approximateBytes(value, ENTRY_BYTES);
        if (bytes > ENTRY_BYTES) return this.remove(key);
        entry.bytes = bytes;
        this.totalBytes += bytes;
        this.evict();
      },
      // bad input stays bad; anything else (a timeout, a cancellation, a worker that stopped) is worth asking again
      (error: unknown) => {
        if (!(error instanceof CoreInputError) && this.entries.get(key) === entry) this.remove(key);
      },
    );
    return entry;
  }

  /** Counts a caller in; when the last caller with a token cancels, so does the request. */
  private follow(entry: Entry, token: CancellationTokenLike | undefined): void {
    if (!token) {
      entry.waiting = Infinity;
      return;
    }
    entry.waiting++;
    const subscription = token.onCancellationRequested(() => {
      subscription.dispose();
      if (--entry.waiting === 0) entry.cancel();
    });
    entry.promise.then(() => subscription.dispose(), () => subscription.dispose());
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= CACHE_SIZE && this.totalBytes <= CACHE_BYTES) return;
      this.remove(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }
}

/**
 * Estimated memory of a worker's answer (it arrives as a structured clone): two bytes per string
 * character and a few dozen per object, array element and number. Stops counting past `limit`.
 */
export function approximateBytes(value: unknown, limit = Infinity): number {
  let bytes = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && bytes <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') bytes += 16 + 2 * item.length;
    else if (item !== null && typeof item === 'object') {
      bytes += 32;
      for (const child of Object.values(item)) {
        bytes += 8;
        stack.push(child);
      }
    } else bytes += 8;
  }
  return bytes;
}

/** A token the cache fires itself (structurally a CancellationTokenLike). */
function cancellationSource(): { token: CancellationTokenLike; cancel(): void } {
  const listeners = new Set<() => unknown>();
  const token = {
    isCancellationRequested: false,
    onCancellationRequested(listener: () => unknown) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  };
  return {
    token,
    cancel() {
      if (token.isCancellationRequested) return;
      token.isCancellationRequested = true;
      for (const listener of [...listeners]) listener();
    },
  };
}

/** `promise`, or a CoreCancelledError as soon as `token` fires. */
export function untilCancelled<T>(promise: Promise<T>, token: CancellationTokenLike): Promise<T> {
  if (token.isCancellationRequested) return Promise.reject(new CoreCancelledError());
  return new Promise<T>((resolve, reject) => {
    const subscription = token.onCancellationRequested(() => {
      subscription.dispose();
      reject(new CoreCancelledError());
    });
    promise.then(
      (value) => {
        subscription.dispose();
        resolve(value);
      },
      (error: unknown) => {
        subscription.dispose();
        reject(error);
      },
    );
  });
}

/** The parts of a source that decide its answer, for cache keys. */
function where(source: ExpressionSource): unknown[] {
  return [source.dialect, source.document.key, source.document.offset, source.expression];
}

function contextOf(source: ExpressionSource): { documentText: string; selectionOffset: number } {
  return { documentText: source.document.text(), selectionOffset: source.document.offset };
}
