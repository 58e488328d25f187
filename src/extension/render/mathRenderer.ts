// The extension host's handle on the math renderer worker (dist/mathjax.js): TeX → an SVG image as a
// `data:image/svg+xml;base64,…` URI. Never throws and never waits longer than the caller allows:
// a render that is slow or fails gives `undefined` (the hover then shows code only). A slow render
// goes on in the worker and lands in the cache for the next hover; one that runs past the hard limit
// terminates the worker (a fresh one starts on the next request). No vscode import (unit-tested).
import type { RenderRequest, RenderResponse } from '../../shared/renderProtocol';

/** What the renderer needs from a `worker_threads.Worker` (a fake in unit tests). */
export interface RenderWorkerLike {
  postMessage(message: RenderRequest): void;
  on(event: 'message', listener: (message: RenderResponse) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

/** A rendered formula. */
export interface RenderedMath {
  /** `data:image/svg+xml;base64,…` */
  uri: string;
  widthPx: number;
  heightPx: number;
}

export interface RenderOptions {
  /** Glyph colour: `#rgb`, `#rrggbb` or `#rrggbbaa` (anything else is refused). */
  color: string;
  /** Pixels per ex. */
  exPx: number;
}

/** Past this a render is abandoned and the worker terminated. */
export const HARD_LIMIT_MS = 5000;
/** Formulas longer than this are not rendered (an image wider than any hover). */
export const MAX_LATEX_LENGTH = 2000;
/** Rendered images kept (keyed by TeX, colour and size). */
const CACHE_SIZE = 300;

interface Pending {
  resolve(value: RenderedMath | undefined): void;
  timer: ReturnType<typeof setTimeout>;
}

export class MathRenderer {
  private worker: RenderWorkerLike | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Finished and running renders by key; a failure is cached as undefined (not retried). */
  private readonly cache = new Map<string, Promise<RenderedMath | undefined>>();
  private disposed = false;
  /** Renders that completed, failed or were abandoned (for logs and tests). */
  readonly stats = { rendered: 0, failed: 0, abandoned: 0 };

  constructor(
    private readonly spawn: () => RenderWorkerLike,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /**
   * The image of `latex`, or undefined when it cannot be rendered within `waitMs` (the render
   * continues in the background up to the hard limit and is cached).
   */
  async render(latex: string, options: RenderOptions, waitMs: number): Promise<RenderedMath | undefined> {
    if (this.disposed || latex.length > MAX_LATEX_LENGTH || !/^#[0-9a-fA-F]{3,8}$/.test(options.color)) return undefined;
    const key = `${options.color}\u0000${options.exPx}\u0000${latex}`;
    let entry = this.cache.get(key);
    if (entry) {
      // most recently used last
      this.cache.delete(key);
      this.cache.set(key, entry);
    } else {
      entry = this.request({ latex, color: options.color, exPx: options.exPx });
      this.cache.set(key, entry);
      if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
    try {
      return await Promise.race([entry, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts the worker (which loads MathJax) ahead of the first render. */
  warmUp(): void {
    if (!this.disposed) this.ensureWorker();
  }

  dispose(): void {
    this.disposed = true;
    this.failAll();
    this.cache.clear();
  }

  private request(body: Omit<RenderRequest, 'id'>): Promise<RenderedMath | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.log(`rendering took longer than ${HARD_LIMIT_MS} ms: restarting the math renderer`);
        this.stats.abandoned++;
        this.failAll();
      }, HARD_LIMIT_MS);
      this.pending.set(id, { resolve, timer });
      this.ensureWorker().postMessage({ id, ...body });
    });
  }

  private ensureWorker(): RenderWorkerLike {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.on('message', (response) => {
      const entry = this.pending.get(response.id);
      if (!entry || worker !== this.worker) return;
      this.pending.delete(response.id);
      clearTimeout(entry.timer);
      if (response.ok) {
        this.stats.rendered++;
        entry.resolve({ uri: `data:image/svg+xml;base64,${Buffer.from(response.svg).toString('base64')}`, widthPx: response.widthPx, heightPx: response.heightPx });
      } else {
        this.stats.failed++;
        entry.resolve(undefined);
      }
    });
    const fail = (why: string) => {
      if (worker !== this.worker) return;
      this.log(why);
      this.failAll();
    };
    worker.on('error', (error) => fail(`math renderer failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => fail(`math renderer exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  /** Resolves every pending render as failed (undefined, dropped from the cache) and stops the worker. */
  private failAll(): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.resolve(undefined);
    }
    this.pending.clear();
    // failures of a dead worker are not the formula's fault: forget them so they are tried again
    for (const [key, value] of [...this.cache]) void value.then((v) => v === undefined && this.cache.get(key) === value && this.cache.delete(key));
    if (worker) void worker.terminate().catch(() => undefined);
  }
}
