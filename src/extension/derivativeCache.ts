// Derivatives and analyses for hovers and the lightbulb, remembered: a hover is asked again on every
// mouse move, the lightbulb on every selection change. Wraps the CoreClient; a request shared by
// several callers is never cancelled by one of them (each caller stops waiting on its own token, the
// worker finishes and the answer is kept). No vscode import.
import type { Analysis, DerivativeResult, Dialect, DifferentiateOptions } from '../core/api';
import { CoreCancelledError, CoreInputError, type CancellationTokenLike, type CoreClient } from './coreClient';
import type { MatrixAnswer, MatrixRequest } from './panel/matrix';

/** Results kept, least recently used dropped first. */
const CACHE_SIZE = 500;

/** What the core needs about a selection besides its text. */
export interface ExpressionSource {
  expression: string;
  dialect: Dialect;
  /** Document context the dialect reads (Python: its numpy/math imports); part of the cache key. */
  context: string;
}

export class DerivativeCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(private readonly core: Pick<CoreClient, 'analyze' | 'differentiate' | 'matrix'>) {}

  /** Parses only: free symbols, plain and LaTeX forms. Rejects with CoreInputError on bad input. */
  analyze(source: ExpressionSource, timeoutMs: number, token?: CancellationTokenLike): Promise<Analysis> {
    const key = JSON.stringify(['a', source.dialect, source.context, source.expression]);
    return this.cached(key, () => this.core.analyze(source.expression, source.dialect, { documentText: source.context }, { timeoutMs }), token);
  }

  /** The derivative; rejects with CoreInputError, CoreTimeoutError, or CoreCancelledError when `token` fires. */
  differentiate(source: ExpressionSource, options: Omit<DifferentiateOptions, 'dialect' | 'documentText'>, timeoutMs: number, token?: CancellationTokenLike): Promise<DerivativeResult> {
    const key = JSON.stringify(['d', source.dialect, source.context, options.wrt ?? '', options.order ?? 1, options.timeBudgetMs ?? 0, source.expression]);
    const full: DifferentiateOptions = { ...options, dialect: source.dialect, documentText: source.context };
    return this.cached(key, () => this.core.differentiate(source.expression, full, { timeoutMs }), token);
  }

  /**
   * Matrix calculus (the matrix engine, through the panel's worker request): undefined when the input
   * is not vector/matrix input. `documentKey` names the document version the request's documentText
   * and offset come from (shape annotations are read near the selection), so it can stand for them.
   */
  matrix(request: MatrixRequest, documentKey: string, timeoutMs: number, token?: CancellationTokenLike): Promise<MatrixAnswer | undefined> {
    const key = JSON.stringify(['x', documentKey, request.selectionOffset, request.dialect, request.wrt ?? '', request.timeBudgetMs ?? 0, request.source]);
    return this.cached(key, () => this.core.matrix(request, { timeoutMs }), token);
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private cached<T>(key: string, compute: () => Promise<T>, token?: CancellationTokenLike): Promise<T> {
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      entry = compute();
      this.entries.set(key, entry);
      if (this.entries.size > CACHE_SIZE) this.entries.delete(this.entries.keys().next().value!);
      // bad input stays bad; anything else (a timeout, a worker that stopped) is worth asking again
      entry.catch((error: unknown) => {
        if (!(error instanceof CoreInputError) && this.entries.get(key) === entry) this.entries.delete(key);
      });
    }
    return token ? untilCancelled(entry, token) : entry;
  }
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

/**
 * What the core reads from a document besides the selection: for Python, its `import numpy`/`math`
 * lines (module aliases); nothing for the other dialects. Small, so it can be part of a cache key.
 */
export function documentContext(text: string, dialect: Dialect): string {
  if (dialect !== 'python') return '';
  return [...text.matchAll(/^[ \t]*(?:import[ \t]+(?:numpy|math)\b|from[ \t]+(?:numpy|math)[ \t]+import\b)[^\n]*/gm)].map((m) => m[0].trim()).join('\n');
}
