// The explanation panel's calculus sections on the extension host's side (issue 14): each section
// computes in the core worker when the webview asks (it was opened, or its point, order or bounds
// changed), a newer request for a section cancels the older one, and the answer goes back as a view
// ready to render. Copy and Insert take their text from here, never from the webview: the commands'
// answer (calculusText.ts), so the panel writes what Tangent Line at Point… and the others write.
// No vscode import: unit-tested with a fake core.
import type {
  CriticalOptions, CriticalResult, Dialect, ExactValue, ImplicitOptions, ImplicitResult, IntegralResult, IntegrateOptions, TangentOptions, TangentResult, TaylorOptions, TaylorResult, Verification,
} from '../../core/index';
import {
  CALCULUS_SECTIONS,
  PANEL_MAX_TAYLOR_ORDER,
  type CalculusCheck,
  type CalculusOffer,
  type CalculusRequest,
  type CalculusSection,
  type CalculusToWebview,
  type CalculusView,
  type CriticalView,
  type ImplicitView,
  type IntegralView,
  type ShownValue,
  type TangentView,
  type TaylorView,
  type WritableSection,
} from '../../shared/calculusMessages';
import type { CalculusKind, CalculusOperations } from '../../shared/workerProtocol';
import { calculusAnswer, type AnswerWords, type CalculusAnswer } from '../calculusText';
import { CoreCancelledError, CoreInputError, CoreTimeoutError, type CancellationTokenLike, type RequestOptions } from '../coreClient';
import type { InsertionStyle } from '../dialect';

/** The core's calculus operations as CoreClient.calculus runs them in the worker. */
export interface CalculusCore {
  calculus(kind: 'tangent', source: string, options: TangentOptions, request: RequestOptions): Promise<TangentResult>;
  calculus(kind: 'taylor', source: string, options: TaylorOptions, request: RequestOptions): Promise<TaylorResult>;
  calculus(kind: 'integrate', source: string, options: IntegrateOptions, request: RequestOptions): Promise<IntegralResult>;
  calculus(kind: 'critical', source: string, options: CriticalOptions, request: RequestOptions): Promise<CriticalResult>;
  calculus(kind: 'implicit', source: string, options: ImplicitOptions, request: RequestOptions): Promise<ImplicitResult>;
}

/** The selection the sections work on, as the panel read it. */
export interface CalculusSubject {
  /** The expression (or equation) as selected, without an assignment's left side. */
  source: string;
  dialect: Dialect;
  /** The document's style: what the answers are written in (as the commands write them). */
  style: InsertionStyle;
  documentText?: string;
  /** The variable (the one free symbol of a scalar selection; x for an equation). */
  wrt: string;
  /** derivative.timeBudgetMs, handed to the core. */
  budgetMs: number;
  /** The hard limit of one request (budget and grace). */
  timeoutMs: number;
}

/** Messages that depend on the UI language (vscode.l10n in the panel). */
export interface CalculusMessages {
  /** {seconds} the time limit. */
  timedOut(seconds: number): string;
  failed(message: string): string;
  /** The answers' words, as the commands write them. */
  words: AnswerWords;
}

// ──── Opening the panel on an operation ─────────────────────

/**
 * `derivative.explain` opened on one operation (the commands, the hover's links):
 * `{ uri?, range?, operation: 'taylor', at: 0, order: 5 }`. Points and bounds are numbers or plain
 * math such as "pi/4"; the section opens at once and computes with them.
 */
export type ExplainOperation =
  | { operation: 'tangent'; at?: number | string }
  | { operation: 'taylor'; at?: number | string; order?: number }
  | { operation: 'integrate'; from?: number | string; to?: number | string }
  | { operation: 'critical'; from?: number | string; to?: number | string }
  | { operation: 'implicit' };

const OPERATION_SECTIONS: Record<ExplainOperation['operation'], CalculusSection> = { tangent: 'tangent', taylor: 'taylor', integrate: 'integral', critical: 'critical', implicit: 'implicit' };

/** A point as the panel's inputs show it: a number in its shortest exact decimal, text as given. */
function pointText(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return typeof value === 'string' && value.trim() && value.length <= 64 && /^[0-9A-Za-z_+\-*/^().\s∞]*$/.test(value) ? value.trim() : undefined;
}

/** The section a command's arguments open, with its parameters; undefined without a (well-formed) operation. */
export function readOperation(args: unknown): CalculusRequest | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const a = args as Record<string, unknown>;
  if (typeof a.operation !== 'string' || !(a.operation in OPERATION_SECTIONS)) return undefined;
  const section = OPERATION_SECTIONS[a.operation as ExplainOperation['operation']];
  const bounds = () => ({ ...(pointText(a.from) !== undefined ? { from: pointText(a.from)! } : {}), ...(pointText(a.to) !== undefined ? { to: pointText(a.to)! } : {}) });
  switch (section) {
    case 'tangent':
      return { section, at: pointText(a.at) ?? '0' };
    case 'taylor': {
      const order = typeof a.order === 'number' && Number.isInteger(a.order) && a.order >= 0 && a.order <= PANEL_MAX_TAYLOR_ORDER ? a.order : 5;
      return { section, at: pointText(a.at) ?? '0', order };
    }
    case 'integral':
    case 'critical':
      return { section, ...bounds() };
    case 'implicit':
      return { section };
  }
}

/** What a one-variable scalar selection offers; `open` only when it is one of them. */
export function scalarOffer(wrt: string, open: CalculusRequest | undefined): CalculusOffer {
  const sections: CalculusSection[] = CALCULUS_SECTIONS.filter((s) => s !== 'implicit');
  return { sections, wrt, ...(open && sections.includes(open.section) ? { open } : {}) };
}

// ──── Core results as the sections show them ────────────────

export function shown(value: ExactValue): ShownValue {
  return { latex: value.latex, exact: value.exact, ...(Number.isFinite(value.value) ? { value: value.value } : {}) };
}

export function check(v: Verification): CalculusCheck {
  return {
    verified: v.verified,
    method: v.method,
    points: v.points.length,
    maxRelError: Number.isFinite(v.maxRelError) ? v.maxRelError : -1,
    ...(v.reason ? { reason: v.reason } : {}),
  };
}

const warnings = (w: string[] | undefined) => (w?.length ? { warnings: w } : {});

export function tangentView(r: TangentResult): TangentView {
  return { section: 'tangent', equationLatex: r.equation.latex, code: r.result, point: { x: shown(r.point.x), y: shown(r.point.y) }, slope: shown(r.slope), check: check(r.verification), ...warnings(r.warnings) };
}

export function taylorView(r: TaylorResult): TaylorView {
  return {
    section: 'taylor',
    latex: r.latex,
    code: r.result,
    at: shown(r.at),
    order: r.order,
    coefficients: r.coefficients.map((c) => (Number.isFinite(c.value) ? c.value : null)),
    ...(r.observedOrder !== undefined && Number.isFinite(r.observedOrder) ? { observedOrder: r.observedOrder } : {}),
    check: check(r.verification),
    ...warnings(r.warnings),
  };
}

/** `\int f \, dx = F + C`: the constant shows in the rendering only (Copy and Insert write F). */
export function integralView(r: IntegralResult): IntegralView {
  const dx = `\\, d${latexVariable(r.wrt)}`;
  const d = r.definite;
  return {
    section: 'integral',
    integrandLatex: r.input.latexIntegrand,
    ...(r.found && r.latex !== undefined && r.result !== undefined ? { antiderivative: { latex: `\\int ${r.input.latexIntegrand} ${dx} = ${r.latex} + C`, code: r.result } } : {}),
    ...(!r.found ? { notFound: r.message ?? 'no antiderivative found' } : {}),
    ...(d
      ? {
          definite: {
            fromLatex: d.from.latex,
            toLatex: d.to.latex,
            ...(Number.isFinite(d.value) ? { value: d.value } : {}),
            ...(Number.isFinite(d.errorEstimate) ? { errorEstimate: d.errorEstimate } : {}),
            method: d.method,
            converged: d.converged,
            ...(d.divergesAt !== undefined && Number.isFinite(d.divergesAt) ? { divergesAt: d.divergesAt } : {}),
            ...(d.exact ? { exact: shown({ ...d.exact, exact: true }) } : {}),
          },
        }
      : {}),
    check: check(r.verification),
    ...warnings(r.warnings),
  };
}

export function criticalView(r: CriticalResult): CriticalView {
  return {
    section: 'critical',
    derivativeLatex: r.derivative.latex,
    from: shown(r.interval.from),
    to: shown(r.interval.to),
    points: r.points.map((p) => ({ x: shown(p.x), y: shown(p.y), kind: p.kind, differentiable: p.differentiable })),
    check: check(r.verification),
    ...warnings(r.warnings),
  };
}

export function implicitView(r: ImplicitResult): ImplicitView {
  return {
    section: 'implicit',
    inputLatex: r.input.latex,
    first: { latex: r.equation.latex, code: r.result },
    ...(r.second ? { second: { latex: r.second.equation.latex, code: r.second.result } } : {}),
    wrt: r.wrt,
    of: r.of,
    check: check(r.verification),
    ...warnings(r.warnings),
  };
}

/** A variable's name in LaTeX as the core writes single letters (longer names upright). */
function latexVariable(name: string): string {
  return name.length === 1 ? name : `\\mathrm{${name.replace(/_/g, '\\_')}}`;
}

// ──── The sections' computations ────────────────────────────

/** A cancellation token of our own (the host's vscode.CancellationTokenSource, without vscode). */
class Cancellation implements CancellationTokenLike {
  isCancellationRequested = false;
  private readonly listeners = new Set<() => unknown>();
  onCancellationRequested(listener: () => unknown): { dispose(): unknown } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
  cancel(): void {
    if (this.isCancellationRequested) return;
    this.isCancellationRequested = true;
    for (const listener of [...this.listeners]) listener();
  }
}

interface Running {
  requestId: number;
  cancellation: Cancellation;
}

/** The sections of the selection the panel shows: computations in flight and the answers shown. */
export class CalculusSections {
  private subject: CalculusSubject | undefined;
  private readonly running = new Map<CalculusSection, Running>();
  /** What each section shows now, and what Copy and Insert write for it. */
  private readonly answers = new Map<CalculusSection, { view: CalculusView; answer?: CalculusAnswer }>();

  constructor(
    private readonly core: CalculusCore,
    private readonly post: (message: CalculusToWebview) => void,
    private readonly messages: CalculusMessages,
  ) {}

  /** A new selection (or none): every computation of the old one is cancelled, its answers forgotten. */
  setSubject(subject: CalculusSubject | undefined): void {
    for (const running of this.running.values()) running.cancellation.cancel();
    this.running.clear();
    this.answers.clear();
    this.subject = subject;
  }

  /** The implicit derivative computed with the model (an equation's): Copy and Insert use it. */
  remember(result: ImplicitResult): void {
    if (!this.subject) return;
    this.answers.set('implicit', { view: implicitView(result), ...this.answerOf('implicit', result, this.subject) });
  }

  /** Computes a section and posts its answer (or why there is none), unless a newer request superseded it. */
  async request(requestId: number, request: CalculusRequest): Promise<void> {
    const subject = this.subject;
    if (!subject) {
      this.post({ type: 'calculus', requestId, outcome: { ok: false, section: request.section, message: this.messages.failed('the panel has no selection') } });
      return;
    }
    this.close(request.section);
    const cancellation = new Cancellation();
    const running = { requestId, cancellation };
    this.running.set(request.section, running);
    this.answers.delete(request.section);
    try {
      const { view, answer } = await this.compute(subject, request, { timeoutMs: subject.timeoutMs, token: cancellation });
      if (this.running.get(request.section) !== running) return;
      this.answers.set(request.section, { view, ...(answer ? { answer } : {}) });
      this.post({ type: 'calculus', requestId, outcome: { ok: true, view } });
    } catch (error) {
      if (error instanceof CoreCancelledError || this.running.get(request.section) !== running) return;
      this.post({ type: 'calculus', requestId, outcome: { ok: false, section: request.section, message: this.describe(error) } });
    } finally {
      if (this.running.get(request.section) === running) this.running.delete(request.section);
    }
  }

  /** A section closed (or asked again): its computation stops. */
  close(section: CalculusSection): void {
    this.running.get(section)?.cancellation.cancel();
    this.running.delete(section);
  }

  /** Sections computing now (tests). */
  get busy(): CalculusSection[] {
    return [...this.running.keys()];
  }

  /** What Copy writes for the section (the commands' clipboard text), when it shows an answer that can be written. */
  textFor(section: WritableSection): string | undefined {
    return this.answers.get(section)?.answer?.statement;
  }

  /** The section's answer as the commands write it; Insert places it as they do (below the selection, or after an integral as written). */
  answerFor(section: WritableSection): CalculusAnswer | undefined {
    return this.answers.get(section)?.answer;
  }

  view(section: CalculusSection): CalculusView | undefined {
    return this.answers.get(section)?.view;
  }

  private async compute(subject: CalculusSubject, request: CalculusRequest, options: RequestOptions): Promise<{ view: CalculusView; answer?: CalculusAnswer }> {
    const common = { notation: subject.dialect, budgetMs: subject.budgetMs, ...(subject.documentText !== undefined ? { documentText: subject.documentText } : {}) };
    const { core, source } = { core: this.core, source: subject.source };
    switch (request.section) {
      case 'tangent': {
        const r = await core.calculus('tangent', source, { ...common, wrt: subject.wrt, at: request.at }, options);
        return { view: tangentView(r), ...this.answerOf('tangent', r, subject) };
      }
      case 'taylor': {
        const r = await core.calculus('taylor', source, { ...common, wrt: subject.wrt, at: request.at, order: request.order }, options);
        return { view: taylorView(r), ...this.answerOf('taylor', r, subject) };
      }
      case 'integral': {
        const bounds = request.from !== undefined && request.to !== undefined ? { from: request.from, to: request.to } : {};
        if ((request.from === undefined) !== (request.to === undefined)) throw new CoreInputError('a definite integral needs both bounds', -1);
        const r = await core.calculus('integrate', source, { ...common, wrt: subject.wrt, ...bounds }, options);
        return { view: integralView(r), ...this.answerOf('integrate', r, subject) };
      }
      case 'critical': {
        const r = await core.calculus('critical', source, { ...common, wrt: subject.wrt, ...(request.from !== undefined ? { from: request.from } : {}), ...(request.to !== undefined ? { to: request.to } : {}) }, options);
        // read in the panel, not written: the section has no Copy or Insert
        return { view: criticalView(r) };
      }
      case 'implicit': {
        const r = await core.calculus('implicit', source, { ...common, order: 2 }, options);
        return { view: implicitView(r), ...this.answerOf('implicit', r, subject) };
      }
    }
  }

  /** The commands' answer for a result, in the subject's style and the panel's words. */
  private answerOf<K extends CalculusKind>(kind: K, result: CalculusOperations[K]['result'], subject: CalculusSubject): { answer?: CalculusAnswer } {
    const answer = calculusAnswer(kind, result, subject.style, this.messages.words);
    return answer ? { answer } : {};
  }

  private describe(error: unknown): string {
    if (error instanceof CoreInputError) return error.message.replace(/\s*\(column \d+\)$/, '');
    if (error instanceof CoreTimeoutError) return this.messages.timedOut(Math.round(error.timeoutMs / 1000));
    return this.messages.failed(error instanceof Error ? error.message : String(error));
  }
}
