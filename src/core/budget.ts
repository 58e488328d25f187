// One deadline and one nesting limit for a whole request. Every stage (read, canonicalise,
// differentiate, simplify, verify, print, explain) calls `checkDeadline()` in its loops, so a request
// stops at the same moment wherever its time goes; recursion is bounded by `MAX_NESTING`, so deep
// input is a clear refusal instead of a stack overflow or an out-of-memory.
import { InputError } from './api';

/** Deepest nesting of parentheses, calls or operators any reader accepts. */
export const MAX_NESTING = 200;

/** The work took longer than its time budget. */
export class TimeoutError extends Error {
  constructor() { super('the derivative took longer than its time budget'); this.name = 'TimeoutError'; }
}

let currentDeadline = Infinity;
let ticks = 0;

/** Runs `work` with `deadline` (a `performance.now()` time) in force; nested calls keep the earlier one. */
export function withDeadline<T>(deadline: number, work: () => T): T {
  const saved = currentDeadline;
  currentDeadline = Math.min(saved, deadline);
  try { return work(); } finally { currentDeadline = saved; }
}

/** Throws TimeoutError past the deadline in force. Cheap enough for hot loops: reads the clock every 256 calls. */
export function checkDeadline(): void {
  if ((++ticks & 255) === 0 && performance.now() > currentDeadline) throw new TimeoutError();
}

/** Whether the deadline in force has passed (reads the clock). */
export function pastDeadline(): boolean { return performance.now() > currentDeadline; }

/** Refuses input nested deeper than MAX_NESTING; `offset` is where the too-deep part starts. */
export function checkNesting(depth: number, offset = -1): void {
  if (depth > MAX_NESTING) throw new InputError(`the expression is nested deeper than ${MAX_NESTING} levels`, offset);
}

/** The value of `work`, or of `late` when the deadline passes while it runs (an answer past the hard deadline stands, unverified or unexplained). */
export function ifInTime<T>(work: () => T, late: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof TimeoutError) return late();
    throw e;
  }
}

/**
 * The hard deadline of a request: the simplification budget is the soft one (past it, the plainer
 * form), and every stage stops at most 0.75 s later — the clock is read between units of work, so an
 * answer or refusal arrives within budget + 1 s even on a loaded machine, well before the host
 * stops the worker at budget + 5 s.
 */
export function hardDeadline(started: number, budgetMs: number): number {
  return started + budgetMs + Math.min(750, Math.max(250, budgetMs / 2));
}
